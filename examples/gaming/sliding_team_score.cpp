#include "examples/gaming/sliding_team_score.hpp"

#include "examples/gaming/minutes.hpp"
#include "examples/gaming/read_game_events.hpp"
#include "examples/gaming/team_window_totals.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::gaming {

PCollection<std::string> sliding_team_totals(const PCollection<GameEvent>& events,
                                             int64_t size_minutes, int64_t period_minutes) {
  const Duration size = minutes_to_ms("size-minutes", size_minutes);
  const Duration period = minutes_to_ms("period-minutes", period_minutes);
  return team_totals_per_window(events |
                                WindowInto("SlidingWindows", SlidingWindows(size, period)));
}

void build_sliding_team_score(Pipeline& p, const SlidingTeamScoreOptions& options) {
  minutes_to_ms("size-minutes", options.size_minutes);  // bad input before any step
  minutes_to_ms("period-minutes", options.period_minutes);
  auto events = read_game_events(p, options.input, options.dead_letter);
  sliding_team_totals(events, options.size_minutes, options.period_minutes) |
      io::WriteToText("WriteTeamTotals", options.output);
}

}  // namespace rill::examples::gaming
