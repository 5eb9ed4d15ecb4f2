#include "graph/transforms/dead_letter.hpp"

#include "graph/json_text.hpp"

#include <cstdint>

namespace rill {
namespace {

std::string base64(std::string_view s) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < s.size(); i += 3) {
    uint32_t v = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
    if (i + 2 < s.size()) v |= static_cast<unsigned char>(s[i + 2]);
    out += kDigits[(v >> 18) & 63];
    out += kDigits[(v >> 12) & 63];
    out += i + 1 < s.size() ? kDigits[(v >> 6) & 63] : '=';
    out += i + 2 < s.size() ? kDigits[v & 63] : '=';
  }
  return out;
}

}  // namespace

std::string to_json_line(const DeadLetter& d) {
  std::string out = "{\"step\":";
  append_json_string(out, d.step);
  out += ",\"error\":";
  append_json_string(out, d.error);
  out += ",\"record\":";
  append_json_string(out, d.record);
  // Not text: "record" shows it with U+FFFD for the bad bytes; here are the exact bytes.
  if (!valid_utf8(d.record)) out += ",\"record_base64\":\"" + base64(d.record) + "\"";
  out += '}';
  return out;
}

}  // namespace rill
