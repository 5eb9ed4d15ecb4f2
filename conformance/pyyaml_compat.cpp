#include "conformance/pyyaml_compat.hpp"

namespace rill::conformance {

namespace {
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
}  // namespace

std::string space_flow_colons(std::string_view in) {
  std::string out;
  out.reserve(in.size() + 16);
  int depth = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    out += c;
    bool after_space = i == 0 || is_space(in[i - 1]);
    if (c == '#' && after_space) {  // comment: copy to the end of the line
      while (i + 1 < in.size() && in[i + 1] != '\n') out += in[++i];
    } else if (c == '\'' || c == '"') {  // quoted scalar: copy verbatim
      while (i + 1 < in.size()) {
        char d = in[++i];
        out += d;
        if (c == '"' && d == '\\' && i + 1 < in.size()) {
          out += in[++i];
        } else if (d == c) {
          if (c == '\'' && i + 1 < in.size() && in[i + 1] == '\'') {
            out += in[++i];  // '' inside '...'
          } else {
            break;
          }
        }
      }
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ':' && depth > 0 && i + 1 < in.size() && !is_space(in[i + 1])) {
      out += ' ';
    }
  }
  return out;
}

}  // namespace rill::conformance
