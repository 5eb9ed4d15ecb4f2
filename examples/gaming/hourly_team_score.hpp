#pragma once
// HourlyTeamScore, the second of Beam's mobile-gaming examples: per team, the total score in
// each fixed event-time window of `window_minutes` (windows [start, end) aligned to epoch 0;
// only windows holding an event appear). Output lines "window_start_ms,window_end_ms,team,total".
//   rill run hourly-team-score --input=game.csv --output=out/team-hourly --window-minutes=60
#include <cstdint>
#include <string>

#include "examples/gaming/game_event.hpp"
#include "rill.hpp"

namespace rill::examples::gaming {

inline constexpr int64_t kDefaultWindowMinutes = 60;  // Beam's HourlyTeamScore default

struct HourlyTeamScoreOptions {
  std::string input;   // file or glob of gaming CSV
  std::string output;  // output prefix: files PREFIX-SSSSS-of-NNNNN
  int64_t window_minutes = kDefaultWindowMinutes;
  std::string dead_letter;  // empty: malformed lines are only counted
};

// Events -> lines "window_start_ms,window_end_ms,team,total" per fixed window.
PCollection<std::string> hourly_team_totals(const PCollection<GameEvent>& events,
                                            int64_t window_minutes);

// read -> parse -> hourly_team_totals -> write. Throws std::invalid_argument for a window
// size outside [1, kMaxMinutes].
void build_hourly_team_score(Pipeline& p, const HourlyTeamScoreOptions& options);

}  // namespace rill::examples::gaming
