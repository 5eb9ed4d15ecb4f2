#include "io/published_lines.hpp"

#include <fstream>
#include <regex>
#include <stdexcept>

namespace rill::io {

std::string output_of_file(const std::string& file) {
  static const std::regex kShard("-[0-9]{5}-of-[0-9]{5}"), kCheckpoint("-ckpt-[0-9]{8,}");
  const std::string masked = std::regex_replace(file, kShard, "-#####-of-#####");
  return std::regex_replace(masked, kCheckpoint, "-ckpt-########");
}

testing::ElementCounts published_lines(const std::vector<std::string>& files) {
  testing::ElementCounts lines;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("rill: cannot read the published file " + file);
    const std::string output = output_of_file(file) + ": ";
    std::string line;
    while (std::getline(in, line)) ++lines[output + line];
    if (in.bad()) throw std::runtime_error("rill: error reading the published file " + file);
  }
  return lines;
}

}  // namespace rill::io
