#pragma once
// The shared core of HourlyTeamScore and SlidingTeamScore: per window and team, the sum of
// the scores. The caller windows the events first (fixed or sliding windows); only windows
// holding at least one event produce a line.
#include <string>

#include "examples/gaming/game_event.hpp"
#include "rill.hpp"

namespace rill::examples::gaming {

// Windowed events -> lines "window_start_ms,window_end_ms,team,total".
PCollection<std::string> team_totals_per_window(const PCollection<GameEvent>& windowed_events);

}  // namespace rill::examples::gaming
