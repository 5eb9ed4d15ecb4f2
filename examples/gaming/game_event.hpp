#pragma once
// One event of Beam's mobile-gaming data set and the rule that reads it from a CSV line
//   user,team,score,timestamp_ms,readable_time
// A line is valid iff it has exactly 5 comma-separated fields, read as RFC 4180 CSV by
// rill::io::CsvSplitter (a field may be quoted: "Smith, J" is one field); the first four, trimmed
// of surrounding white space, give a non-empty user, a non-empty team, a score in [0, 2147483647]
// and an event time in [0, kMaxEventTimeMs], both written as plain decimal digits (leading zeros
// allowed; no sign, no inner spaces). The fifth field is ignored.
#include <cstdint>
#include <string>
#include <string_view>

#include "windowing/timestamp.hpp"

namespace rill::examples::gaming {

inline constexpr int64_t kMaxScore = 2147483647;
// Beam's largest event time in the global window: a later event could belong to no window.
inline constexpr Timestamp kMaxEventTimeMs = kGlobalWindowMaxTimestamp;

struct GameEvent {
  std::string user;
  std::string team;
  int64_t score = 0;
  Timestamp timestamp_ms = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(user, team, score, timestamp_ms);
  }
  friend bool operator==(const GameEvent&, const GameEvent&) = default;
  friend auto operator<=>(const GameEvent&, const GameEvent&) = default;
};

// Parses one line by the rule above. Throws std::invalid_argument saying what is wrong
// (this message becomes the "error" of the line's dead letter).
GameEvent parse_game_event(std::string_view line);

}  // namespace rill::examples::gaming
