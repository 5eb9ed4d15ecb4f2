#pragma once
// UserSessions, after the session part of Beam's GameStats example: each user's play
// sessions, with Beam's session semantics. Every event opens the window [ts, ts + gap);
// overlapping windows of one user merge, so a session ends `gap` after its last event, and
// two events exactly `gap` apart are in separate sessions.
// Output lines "user,session_start_ms,session_end_ms,event_count,score_sum".
//   rill run user-sessions --input=game.csv --output=out/sessions --gap-minutes=5
#include <cstdint>
#include <string>

#include "examples/gaming/game_event.hpp"
#include "rill.hpp"

namespace rill::examples::gaming {

inline constexpr int64_t kDefaultGapMinutes = 5;  // Beam's GameStats default session gap

struct UserSessionsOptions {
  std::string input;   // file or glob of gaming CSV
  std::string output;  // output prefix: files PREFIX-SSSSS-of-NNNNN
  int64_t gap_minutes = kDefaultGapMinutes;
  std::string dead_letter;  // empty: malformed lines are only counted
};

// What a session adds up; combined per user and (merged) session window.
struct SessionActivity {
  int64_t event_count = 0;
  int64_t score_sum = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(event_count, score_sum);
  }
};

// Events -> lines "user,session_start_ms,session_end_ms,event_count,score_sum".
PCollection<std::string> user_session_lines(const PCollection<GameEvent>& events,
                                            int64_t gap_minutes);

// read -> parse -> user_session_lines -> write. Throws std::invalid_argument for a gap
// outside [1, kMaxMinutes].
void build_user_sessions(Pipeline& p, const UserSessionsOptions& options);

}  // namespace rill::examples::gaming
