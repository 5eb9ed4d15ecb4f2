#pragma once
// What each gaming template must output, computed with plain loops over the generated
// events (no rill): sorted lines, so that outputs compare as multisets.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "tests/examples/gaming_data.hpp"

namespace gaming_test {

inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// "user,total"
inline std::vector<std::string> expected_user_totals(const std::vector<Event>& events) {
  std::map<std::string, int64_t> total;
  for (const auto& e : events) total[e.user] += e.score;
  std::vector<std::string> out;
  for (const auto& [user, sum] : total) out.push_back(user + "," + std::to_string(sum));
  return sorted(out);
}

// "window_start_ms,window_end_ms,team,total" for windows of `size_ms` starting every
// `period_ms` at multiples of the period (fixed windows: period == size).
inline std::vector<std::string> expected_team_totals(const std::vector<Event>& events,
                                                     int64_t size_ms, int64_t period_ms) {
  std::map<std::tuple<int64_t, int64_t, std::string>, int64_t> total;
  for (const auto& e : events) {
    int64_t start = e.ts - e.ts % period_ms;            // the latest window start at or before ts
    for (; start > e.ts - size_ms; start -= period_ms)  // every window containing ts
      total[{start, start + size_ms, e.team}] += e.score;
  }
  std::vector<std::string> out;
  for (const auto& [key, sum] : total) {
    const auto& [start, end, team] = key;
    out.push_back(std::to_string(start) + "," + std::to_string(end) + "," + team + "," +
                  std::to_string(sum));
  }
  return sorted(out);
}

// "user,session_start_ms,session_end_ms,event_count,score_sum": a user's events sorted by
// time, cut wherever the next event is `gap_ms` or more after the previous one.
inline std::vector<std::string> expected_sessions(const std::vector<Event>& events,
                                                  int64_t gap_ms) {
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> by_user;  // (ts, score)
  for (const auto& e : events) by_user[e.user].push_back({e.ts, e.score});
  std::vector<std::string> out;
  for (auto& [user, v] : by_user) {
    std::sort(v.begin(), v.end());
    size_t first = 0;
    while (first < v.size()) {
      size_t last = first;
      int64_t sum = v[first].second;
      while (last + 1 < v.size() && v[last + 1].first - v[last].first < gap_ms)
        sum += v[++last].second;
      out.push_back(user + "," + std::to_string(v[first].first) + "," +
                    std::to_string(v[last].first + gap_ms) + "," +
                    std::to_string(last - first + 1) + "," + std::to_string(sum));
      first = last + 1;
    }
  }
  return sorted(out);
}

}  // namespace gaming_test
