#pragma once
// UserScoreVsMean: UserScore plus a comparison with the mean. The per-user totals (the
// gaming CSV rule and parse step of read_game_events.hpp) are combined into their mean,
// which every total then reads as a singleton side input. Output lines
//   user,total,above_mean     above_mean is "true" iff total > the mean of all user totals
//   rill run user-score-vs-mean --input=game.csv --output=out/vs-mean [--dead-letter=bad.jsonl]
//
// The mean is exact: it is carried as the pair (sum of the totals, number of users) and never
// as a floating-point number, which could round a mean just above an integer total down onto
// it (beyond 2^53). Comparison: total > sum / users as rationals, i.e. total * users > sum,
// evaluated as total > floor(sum / users), which is the same for an integer total and
// non-negative sums and cannot overflow. Printing (with --mean-output=PATH, one line
// "users,sum_of_totals,mean"): the mean's first six decimals, truncated, from integer long
// division, e.g. "3,10,3.333333"; with no users the mean field is empty ("0,0,").
#include <cstdint>
#include <string>

#include "examples/gaming/game_event.hpp"
#include "rill.hpp"

namespace rill::examples::gaming {

struct UserScoreVsMeanOptions {
  std::string input;        // file or glob of gaming CSV
  std::string output;       // output prefix: files PREFIX-SSSSS-of-NNNNN
  std::string dead_letter;  // empty: malformed lines are only counted
  std::string mean_output;  // empty: the mean is not written
};

// The mean of the per-user totals, as an exact fraction.
struct MeanOfTotals {
  int64_t sum_of_totals = 0;
  int64_t users = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(sum_of_totals, users);
  }
  friend bool operator==(const MeanOfTotals&, const MeanOfTotals&) = default;
};

// total > sum_of_totals / users, exactly; false when there are no users. Needs total >= 0
// and sum_of_totals >= 0, as scores are.
bool above_mean(int64_t total, const MeanOfTotals& mean);

// "users,sum_of_totals,mean" with the mean truncated to six decimals ("0,0," for no users).
std::string format_mean(const MeanOfTotals& mean);

struct UserTotalsVsMean {
  PCollection<std::string> lines;  // "user,total,above_mean"
  PCollection<MeanOfTotals> mean;  // exactly one element
};

UserTotalsVsMean user_totals_vs_mean(const PCollection<GameEvent>& events);

// read -> parse -> user_totals_vs_mean -> write.
void build_user_score_vs_mean(Pipeline& p, const UserScoreVsMeanOptions& options);

}  // namespace rill::examples::gaming
