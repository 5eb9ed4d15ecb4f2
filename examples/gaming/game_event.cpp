#include "examples/gaming/game_event.hpp"

#include <array>
#include <stdexcept>

namespace rill::examples::gaming {
namespace {

constexpr size_t kFields = 5;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Digits only, at most `max`; checked digit by digit so that no value overflows.
int64_t parse_decimal(const char* field, std::string_view s, int64_t max) {
  const std::string quoted = std::string(field) + " '" + std::string(s) + "'";
  if (s.empty()) throw std::invalid_argument(std::string(field) + " is empty");
  int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      throw std::invalid_argument(quoted + " is not a non-negative decimal integer");
    const int digit = c - '0';
    if (value > (max - digit) / 10)
      throw std::invalid_argument(quoted + " is out of range (at most " + std::to_string(max) +
                                  ")");
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

GameEvent parse_game_event(std::string_view line) {
  if (line.empty()) throw std::invalid_argument("empty line");
  std::array<std::string_view, kFields> fields;
  size_t count = 0;
  size_t begin = 0;
  while (true) {
    const size_t comma = line.find(',', begin);
    const size_t end = comma == std::string_view::npos ? line.size() : comma;
    if (count < kFields) fields[count] = line.substr(begin, end - begin);
    ++count;
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  if (count != kFields)
    throw std::invalid_argument(
        "expected 5 comma-separated fields (user,team,score,timestamp_ms,readable_time), got " +
        std::to_string(count));
  GameEvent e;
  e.user = trim(fields[0]);
  if (e.user.empty()) throw std::invalid_argument("user is empty");
  e.team = trim(fields[1]);
  if (e.team.empty()) throw std::invalid_argument("team is empty");
  e.score = parse_decimal("score", trim(fields[2]), kMaxScore);
  e.timestamp_ms = parse_decimal("timestamp_ms", trim(fields[3]), kMaxEventTimeMs);
  return e;
}

}  // namespace rill::examples::gaming
