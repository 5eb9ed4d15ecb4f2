#include "examples/gaming/game_event.hpp"

#include <stdexcept>

#include "io/formats/csv_parser.hpp"

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
  // The fields of the line by rill's CSV reader (RFC 4180 quoting); its buffers are reused.
  thread_local io::CsvSplitter splitter(',');
  const auto& fields = splitter.split(line);
  if (fields.size() != kFields)
    throw std::invalid_argument(
        "expected 5 comma-separated fields (user,team,score,timestamp_ms,readable_time), got " +
        std::to_string(fields.size()));
  GameEvent e;
  e.user = trim(fields[0].text);
  if (e.user.empty()) throw std::invalid_argument("user is empty");
  e.team = trim(fields[1].text);
  if (e.team.empty()) throw std::invalid_argument("team is empty");
  e.score = parse_decimal("score", trim(fields[2].text), kMaxScore);
  e.timestamp_ms = parse_decimal("timestamp_ms", trim(fields[3].text), kMaxEventTimeMs);
  return e;
}

}  // namespace rill::examples::gaming
