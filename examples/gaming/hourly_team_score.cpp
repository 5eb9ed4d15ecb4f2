#include "examples/gaming/hourly_team_score.hpp"

#include "examples/gaming/minutes.hpp"
#include "examples/gaming/read_game_events.hpp"
#include "examples/gaming/team_window_totals.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::gaming {

PCollection<std::string> hourly_team_totals(const PCollection<GameEvent>& events,
                                            int64_t window_minutes) {
  const Duration size = minutes_to_ms("window-minutes", window_minutes);
  return team_totals_per_window(events | WindowInto("FixedWindows", FixedWindows(size)));
}

void build_hourly_team_score(Pipeline& p, const HourlyTeamScoreOptions& options) {
  minutes_to_ms("window-minutes", options.window_minutes);  // bad input before any step
  auto events = read_game_events(p, options.input, options.dead_letter);
  hourly_team_totals(events, options.window_minutes) |
      io::WriteToText("WriteTeamTotals", options.output);
}

}  // namespace rill::examples::gaming
