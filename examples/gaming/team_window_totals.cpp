#include "examples/gaming/team_window_totals.hpp"

namespace rill::examples::gaming {
namespace {

// A DoFn rather than a Map: the window of the total is only known through the emitter.
struct FormatTeamTotal : DoFn<KV<std::string, int64_t>, std::string> {
  void process(const KV<std::string, int64_t>& team_total, Emitter<std::string>& out) {
    const Window& w = out.window();
    out.emit(std::to_string(w.start) + "," + std::to_string(w.end) + "," + team_total.key + "," +
             std::to_string(team_total.value));
  }
};

}  // namespace

PCollection<std::string> team_totals_per_window(const PCollection<GameEvent>& windowed_events) {
  return windowed_events | Composite("TeamTotalsPerWindow", [](const PCollection<GameEvent>& in) {
           return in |
                  Map("KeyByTeam",
                      [](GameEvent e) {
                        return KV<std::string, int64_t>{std::move(e.team), e.score};
                      }) |
                  CombinePerKey("SumScores", combine::Sum<int64_t>{}) |
                  ParDo("Format", FormatTeamTotal{});
         });
}

}  // namespace rill::examples::gaming
