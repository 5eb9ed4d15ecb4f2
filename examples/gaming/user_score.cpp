#include "examples/gaming/user_score.hpp"

#include "examples/gaming/read_game_events.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::gaming {

PCollection<std::string> user_totals(const PCollection<GameEvent>& events) {
  return events | Composite("UserTotals", [](const PCollection<GameEvent>& in) {
           return in |
                  Map("KeyByUser",
                      [](GameEvent e) {
                        return KV<std::string, int64_t>{std::move(e.user), e.score};
                      }) |
                  CombinePerKey("SumScores", combine::Sum<int64_t>{}) |
                  Map("Format", [](const KV<std::string, int64_t>& user_total) {
                    return user_total.key + "," + std::to_string(user_total.value);
                  });
         });
}

void build_user_score(Pipeline& p, const UserScoreOptions& options) {
  auto events = read_game_events(p, options.input, options.dead_letter);
  user_totals(events) | io::WriteToText("WriteUserTotals", options.output);
}

}  // namespace rill::examples::gaming
