#pragma once
// The rule of the cogroup inputs: a line is split at its first comma; the key is everything
// before it, the value everything after it (the value may contain commas or be empty; the
// key may be empty). Nothing is trimmed: keys and values are compared byte for byte.
// A line without a comma (an empty line too) is malformed.
#include <string>
#include <string_view>

#include "graph/kv.hpp"

namespace rill::examples::join {

// Throws std::invalid_argument for a line without a comma.
KV<std::string, std::string> split_keyed_line(std::string_view line);

}  // namespace rill::examples::join
