#pragma once
// UserScore, the first of Beam's mobile-gaming examples: the total score of each user over
// the whole input (a batch sum; event time plays no part). Output lines "user,total".
//   rill run user-score --input=game.csv --output=out/user-totals [--dead-letter=bad.jsonl]
#include <string>

#include "examples/gaming/game_event.hpp"
#include "rill.hpp"

namespace rill::examples::gaming {

struct UserScoreOptions {
  std::string input;        // file or glob of gaming CSV
  std::string output;       // output prefix: files PREFIX-SSSSS-of-NNNNN
  std::string dead_letter;  // empty: malformed lines are only counted
};

// Events -> lines "user,total".
PCollection<std::string> user_totals(const PCollection<GameEvent>& events);

// read -> parse -> user_totals -> write.
void build_user_score(Pipeline& p, const UserScoreOptions& options);

}  // namespace rill::examples::gaming
