#pragma once
// The small CSV rule shared by the patterns and ETL examples (the gaming examples keep their
// own): fields are separated by commas, without quoting; each field is trimmed of surrounding
// white space; numbers are plain decimal digits (no sign, no inner spaces, leading zeros
// allowed), range-checked digit by digit so that no value overflows. Every problem throws
// std::invalid_argument saying what is wrong: that message becomes the dead letter's "error".
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rill::examples::csv {

inline std::string_view trim(std::string_view s) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The fields of `line`, untrimmed. Throws unless there are exactly as many as `layout` names
// (e.g. "order_id,category,sku,quantity"), so the error tells the reader what was expected.
inline std::vector<std::string_view> split_fields(std::string_view line, std::string_view layout) {
  if (line.empty()) throw std::invalid_argument("empty line");
  std::vector<std::string_view> fields;
  size_t begin = 0;
  while (true) {
    const size_t comma = line.find(',', begin);
    fields.push_back(line.substr(begin, comma == std::string_view::npos ? comma : comma - begin));
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  size_t expected = 1;
  for (char c : layout) expected += c == ',';
  if (fields.size() != expected)
    throw std::invalid_argument("expected " + std::to_string(expected) +
                                " comma-separated fields (" + std::string(layout) + "), got " +
                                std::to_string(fields.size()));
  return fields;
}

// The trimmed field; throws "<name> is empty" when nothing is left.
inline std::string text_field(std::string_view name, std::string_view raw) {
  const std::string_view value = trim(raw);
  if (value.empty()) throw std::invalid_argument(std::string(name) + " is empty");
  return std::string(value);
}

// The trimmed field as an integer in [min, max] (min >= 0).
inline int64_t integer_field(std::string_view name, std::string_view raw, int64_t min,
                             int64_t max) {
  const std::string_view s = trim(raw);
  if (s.empty()) throw std::invalid_argument(std::string(name) + " is empty");
  auto out_of_rule = [&] {
    return std::invalid_argument(std::string(name) + " '" + std::string(s) +
                                 "' is not a decimal integer in [" + std::to_string(min) + ", " +
                                 std::to_string(max) + "]");
  };
  int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') throw out_of_rule();
    const int digit = c - '0';
    if (value > (max - digit) / 10) throw out_of_rule();
    value = value * 10 + digit;
  }
  if (value < min) throw out_of_rule();
  return value;
}

}  // namespace rill::examples::csv
