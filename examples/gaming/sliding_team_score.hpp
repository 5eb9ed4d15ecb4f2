#pragma once
// SlidingTeamScore: HourlyTeamScore over sliding windows. Per team, the total score in each
// event-time window of `size_minutes` starting every `period_minutes` (starts aligned to
// epoch 0, so an event lands in about size/period windows; only windows holding an event
// appear). As in Beam, any positive size and period are accepted: with period > size the
// windows leave gaps, and events in a gap are in no window and count nowhere.
// Output lines "window_start_ms,window_end_ms,team,total".
//   rill run sliding-team-score --input=game.csv --output=out/team-sliding
//            --size-minutes=60 --period-minutes=10
#include <cstdint>
#include <string>

#include "examples/gaming/game_event.hpp"
#include "rill.hpp"

namespace rill::examples::gaming {

inline constexpr int64_t kDefaultSizeMinutes = 60;
inline constexpr int64_t kDefaultPeriodMinutes = 10;

struct SlidingTeamScoreOptions {
  std::string input;   // file or glob of gaming CSV
  std::string output;  // output prefix: files PREFIX-SSSSS-of-NNNNN
  int64_t size_minutes = kDefaultSizeMinutes;
  int64_t period_minutes = kDefaultPeriodMinutes;
  std::string dead_letter;  // empty: malformed lines are only counted
};

// Events -> lines "window_start_ms,window_end_ms,team,total" per sliding window.
PCollection<std::string> sliding_team_totals(const PCollection<GameEvent>& events,
                                             int64_t size_minutes, int64_t period_minutes);

// read -> parse -> sliding_team_totals -> write. Throws std::invalid_argument for a size or
// period outside [1, kMaxMinutes].
void build_sliding_team_score(Pipeline& p, const SlidingTeamScoreOptions& options);

}  // namespace rill::examples::gaming
