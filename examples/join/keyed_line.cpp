#include "examples/join/keyed_line.hpp"

#include <stdexcept>

namespace rill::examples::join {

KV<std::string, std::string> split_keyed_line(std::string_view line) {
  const size_t comma = line.find(',');
  if (comma == std::string_view::npos)
    throw std::invalid_argument(line.empty() ? "empty line (expected key,value)"
                                             : "no comma (expected key,value)");
  return {std::string(line.substr(0, comma)), std::string(line.substr(comma + 1))};
}

}  // namespace rill::examples::join
