#include "examples/gaming/user_score_vs_mean.hpp"

#include "examples/gaming/read_game_events.hpp"
#include "io/write_to_file.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::gaming {
namespace {

constexpr int kMeanDecimals = 6;

// Sums the totals and counts the users in one pass; the division is left to the readers.
struct MeanOfTotalsFn {
  using InputT = int64_t;
  using AccumT = MeanOfTotals;
  using OutputT = MeanOfTotals;
  MeanOfTotals create_accumulator() const { return {}; }
  void add_input(MeanOfTotals& acc, const int64_t& total) const {
    acc.sum_of_totals += total;
    ++acc.users;
  }
  void merge_accumulators(MeanOfTotals& acc, MeanOfTotals&& other) const {
    acc.sum_of_totals += other.sum_of_totals;
    acc.users += other.users;
  }
  MeanOfTotals extract_output(const MeanOfTotals& acc) const { return acc; }
};

}  // namespace

bool above_mean(int64_t total, const MeanOfTotals& mean) {
  // For an integer t and a rational m, t > m iff t > floor(m).
  return mean.users > 0 && total > mean.sum_of_totals / mean.users;
}

std::string format_mean(const MeanOfTotals& mean) {
  std::string line = std::to_string(mean.users) + "," + std::to_string(mean.sum_of_totals) + ",";
  if (mean.users == 0) return line;
  line += std::to_string(mean.sum_of_totals / mean.users) + ".";
  int64_t remainder = mean.sum_of_totals % mean.users;
  // Long division, one digit at a time: remainder < users, so remainder * 10 cannot overflow
  // (for fewer than INT64_MAX / 10 users).
  for (int i = 0; i < kMeanDecimals; ++i) {
    remainder *= 10;
    line += static_cast<char>('0' + remainder / mean.users);
    remainder %= mean.users;
  }
  return line;
}

UserTotalsVsMean user_totals_vs_mean(const PCollection<GameEvent>& events) {
  StepScope scope(events.graph(), "UserTotalsVsMean");
  auto totals = events |
                Map("KeyByUser",
                    [](GameEvent e) {
                      return KV<std::string, int64_t>{std::move(e.user), e.score};
                    }) |
                CombinePerKey("SumScores", combine::Sum<int64_t>{});
  auto mean = totals | Map("Total", [](const KV<std::string, int64_t>& kv) { return kv.value; }) |
              CombineGlobally("MeanOfTotals", MeanOfTotalsFn{});
  auto mean_view = AsSingleton(mean);
  auto lines =
      totals | Map(
                   "CompareWithMean",
                   [mean_view](const KV<std::string, int64_t>& kv, const SideInputs& side) {
                     return kv.key + "," + std::to_string(kv.value) + "," +
                            (above_mean(kv.value, side[mean_view]) ? "true" : "false");
                   },
                   mean_view);
  return {lines, mean};
}

void build_user_score_vs_mean(Pipeline& p, const UserScoreVsMeanOptions& options) {
  auto events = read_game_events(p, options.input, options.dead_letter);
  const UserTotalsVsMean result = user_totals_vs_mean(events);
  result.lines | io::WriteToText("WriteUserTotals", options.output);
  if (!options.mean_output.empty())
    result.mean | Map("FormatMean", format_mean) |
        io::WriteToFile("WriteMean", options.mean_output);
}

}  // namespace rill::examples::gaming
