#include "graph/transforms/dead_letter.hpp"

#include <cstdio>

namespace rill {
namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

std::string to_json_line(const DeadLetter& d) {
  std::string out = "{\"step\":";
  append_json_string(out, d.step);
  out += ",\"error\":";
  append_json_string(out, d.error);
  out += ",\"record\":";
  append_json_string(out, d.record);
  out += '}';
  return out;
}

}  // namespace rill
