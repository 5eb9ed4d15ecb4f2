#pragma once
// A generated mobile-gaming CSV for the gaming tests: many users and teams over six hours of
// event time, valid lines written in every form the rule allows (padding, leading zeros,
// any fifth field), and malformed lines of every kind, each with the phrase its error must
// contain. The generator knows what every line means, so expectations never re-parse it.
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace gaming_test {

struct Event {
  std::string user;
  std::string team;
  int64_t score = 0;
  int64_t ts = 0;
};

struct MalformedLine {
  std::string line;    // the raw line, as the reader returns it
  std::string reason;  // a phrase the dead letter's error must contain
};

struct GamingCsv {
  std::string text;
  std::vector<Event> events;  // the valid lines, as the rule reads them
  std::vector<MalformedLine> malformed;
};

// An hour boundary, so that windows of whole minutes start exactly at kBaseMs.
inline constexpr int64_t kBaseMs = 1'700'000'000'000 - 1'700'000'000'000 % 3'600'000;
inline constexpr int64_t kSpanMs = 6 * 3'600'000;
inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int64_t kFiveMinutesMs = 300'000;

inline std::vector<MalformedLine> malformed_kinds() {
  const std::string ts = std::to_string(kBaseMs + 1234);
  return {
      {"", "empty line"},
      {"user1,team1,5," + ts, "expected 5 comma-separated fields"},           // 4 fields
      {"user1,team1,5," + ts + ",x,y", "expected 5 comma-separated fields"},  // 6 fields
      {"user1,team1,5," + ts + ",2023-11-14, 22:13", "expected 5 comma-separated fields"},
      {"just some text", "expected 5 comma-separated fields"},
      {"   ", "expected 5 comma-separated fields"},
      {"\"quoted\\user\"\t,team1", "field 1: text after the closing quote"},  // JSON escaping
      {"user1,\"team1,5," + ts + ",x", "field 2: a quoted field is not closed"},
      {",team1,5," + ts + ",x", "user is empty"},
      {" \t ,team1,5," + ts + ",x", "user is empty"},
      {"user1,,5," + ts + ",x", "team is empty"},
      {"user1,   ,5," + ts + ",x", "team is empty"},
      {"user1,team1,-5," + ts + ",x", "score '-5' is not a non-negative decimal integer"},
      {"user1,team1,+5," + ts + ",x", "score '+5' is not"},
      {"user1,team1,abc," + ts + ",x", "score 'abc' is not"},
      {"user1,team1,1.5," + ts + ",x", "score '1.5' is not"},
      {"user1,team1,12a," + ts + ",x", "score '12a' is not"},
      {"user1,team1,," + ts + ",x", "score is empty"},
      {"user1,team1,2147483648," + ts + ",x", "score '2147483648' is out of range"},
      {"user1,team1,99999999999999999999999," + ts + ",x", "is out of range"},
      {"user1,team1,1 2," + ts + ",x", "score '1 2' is not"},
      {"user1,team1,5,17000 00000000,x", "timestamp_ms '17000 00000000' is not"},
      {"user1,team1,5,-" + ts + ",x", "timestamp_ms '-" + ts + "' is not"},
      {"user1,team1,5,soon,x", "timestamp_ms 'soon' is not"},
      {"user1,team1,5, ,x", "timestamp_ms is empty"},
      {"user1,team1,5,99999999999999999999,x", "timestamp_ms '99999999999999999999' is out of"},
      {"user1,team1,5,9223372036854775,x", "timestamp_ms '9223372036854775' is out of range"},
  };
}

inline GamingCsv generate_gaming_csv(int random_events, uint32_t seed) {
  std::mt19937 rng(seed);
  GamingCsv csv;
  for (int i = 0; i < random_events; ++i) {
    const int64_t score = rng() % 200 == 0 ? 2147483647 : static_cast<int64_t>(rng() % 100);
    csv.events.push_back({"user" + std::to_string(rng() % 80), "team" + std::to_string(rng() % 12),
                          score, kBaseMs + static_cast<int64_t>(rng() % kSpanMs)});
  }
  // Boundaries: events exactly five minutes apart (separate sessions with a 5-minute gap),
  // and on both sides of an hour boundary (different fixed windows).
  for (int k = 0; k < 6; ++k)
    csv.events.push_back({"edge", "team0", k, kBaseMs + k * kFiveMinutesMs});
  csv.events.push_back({"edge", "team0", 7, kBaseMs + kHourMs - 1});
  csv.events.push_back({"edge", "team0", 9, kBaseMs + kHourMs});

  std::vector<std::string> lines;
  const std::vector<std::string> pads = {"", "", "", " ", "\t", "  "};
  auto pad = [&](const std::string& s) {
    return pads[rng() % pads.size()] + s + pads[rng() % pads.size()];
  };
  const std::vector<std::string> readable = {"2023-11-14 22:13:20.000", "", " whatever ", "-"};
  for (const auto& e : csv.events) {
    const std::string score = (rng() % 10 == 0 ? "00" : "") + std::to_string(e.score);
    lines.push_back(pad(e.user) + "," + pad(e.team) + "," + pad(score) + "," +
                    pad(std::to_string(e.ts)) + "," + readable[rng() % readable.size()]);
  }
  for (int copy = 0; copy < 2; ++copy)
    for (const auto& m : malformed_kinds()) {
      csv.malformed.push_back(m);
      lines.push_back(m.line);
    }
  std::shuffle(lines.begin(), lines.end(), rng);
  // A last line that is valid and not empty: the file then ends with exactly one '\n'.
  const Event last{"user0", "team0", 1, kBaseMs};
  csv.events.push_back(last);
  lines.push_back("user0,team0,1," + std::to_string(kBaseMs) + ",last");
  for (const auto& l : lines) csv.text += l + "\n";
  return csv;
}

}  // namespace gaming_test
