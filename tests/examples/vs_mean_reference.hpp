#pragma once
// What user-score-vs-mean must output, with plain loops over the generated gaming events:
// totals per user, then total * users > sum of totals (integers, exact; the generated data
// keeps these products far below 2^63).
#include <map>
#include <string>
#include <vector>

#include "tests/examples/gaming_reference.hpp"

namespace gaming_test {

inline std::vector<std::string> expected_vs_mean(const std::vector<Event>& events) {
  std::map<std::string, int64_t> total;
  for (const auto& e : events) total[e.user] += e.score;
  int64_t sum = 0;
  for (const auto& [user, t] : total) sum += t;
  const auto users = static_cast<int64_t>(total.size());
  std::vector<std::string> out;
  for (const auto& [user, t] : total)
    out.push_back(user + "," + std::to_string(t) + "," + (t * users > sum ? "true" : "false"));
  return sorted(out);
}

// "users,sum_of_totals,mean" as the template prints it.
inline std::string expected_mean_line(const std::vector<Event>& events) {
  std::map<std::string, int64_t> total;
  for (const auto& e : events) total[e.user] += e.score;
  int64_t sum = 0;
  for (const auto& [user, t] : total) sum += t;
  const auto users = static_cast<int64_t>(total.size());
  std::string digits = std::to_string(sum * 1'000'000 / users);  // sum < 2^63 / 10^6 here
  digits.insert(digits.size() - 6, ".");
  return std::to_string(users) + "," + std::to_string(sum) + "," + digits;
}

}  // namespace gaming_test
