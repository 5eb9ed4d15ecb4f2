#pragma once
// Checks the output of the `event-counts` template (examples/nexmark/event_counts.hpp) after a
// drain: lines "window_start_ms,window_end_ms,kind,count" against the generator's own events.
// A drain stops each source reader after some prefix of its events (reader r of P reads r,
// r + P, ...), so the windows must be: one line per (window, kind), no window missing from
// the first to the last, a prefix of windows exactly as the generator makes them, then the
// windows where readers stopped (no count above the generator's), and counts that add up to
// the events the source emitted: nothing read was lost, no window fired twice.
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/nexmark/generator.hpp"

namespace event_counts_test {

struct WindowCounts {
  int64_t person = 0, auction = 0, bid = 0;
  int64_t& of(const std::string& kind) {
    return kind == "person" ? person : kind == "auction" ? auction : bid;
  }
  int64_t total() const { return person + auction + bid; }
  bool operator==(const WindowCounts&) const = default;
  std::string text() const {
    return "person " + std::to_string(person) + ", auction " + std::to_string(auction) + ", bid " +
           std::to_string(bid);
  }
};

// "" when `lines` are a complete drained output of `events_read` events with windows of
// `window_ms`; else what is wrong. `complete` gets the number of complete windows.
inline std::string check_drained_counts(const std::vector<std::string>& lines, int64_t window_ms,
                                        int64_t events_read, int64_t* complete = nullptr) {
  std::map<int64_t, WindowCounts> got;  // by window start
  std::map<std::pair<int64_t, std::string>, int> seen;
  int64_t total = 0;
  for (const auto& line : lines) {
    std::istringstream in(line);
    std::string start, end, kind, count;
    if (!std::getline(in, start, ',') || !std::getline(in, end, ',') ||
        !std::getline(in, kind, ',') || !std::getline(in, count) ||
        (kind != "person" && kind != "auction" && kind != "bid"))
      return "malformed line '" + line + "'";
    const int64_t s = std::stoll(start), e = std::stoll(end), n = std::stoll(count);
    if (e - s != window_ms || s % window_ms != 0) return "not a window of the job: '" + line + "'";
    if (++seen[{s, kind}] > 1) return "window " + start + " fired twice for " + kind;
    got[s].of(kind) = n;
    total += n;
  }
  if (got.empty()) return "no output";
  if (total != events_read)
    return "the windows hold " + std::to_string(total) + " events, the source emitted " +
           std::to_string(events_read);
  // The generator's counts for every window up to the last one in the output.
  const rill::io::nexmark::EventGenerator gen{rill::io::nexmark::GeneratorConfig{}};
  const int64_t last = got.rbegin()->first;
  std::map<int64_t, WindowCounts> expected;
  for (uint64_t i = 0;; ++i) {
    const int64_t t = gen.timestamp(i);
    const int64_t w = t - t % window_ms;
    if (w > last) break;
    const auto k = rill::io::nexmark::kind_of(i);
    auto& c = expected[w];
    (k == rill::io::nexmark::EventKind::kPerson    ? c.person
     : k == rill::io::nexmark::EventKind::kAuction ? c.auction
                                                   : c.bid)++;
  }
  if (got.begin()->first != expected.begin()->first)
    return "the first window is " + std::to_string(got.begin()->first) + ", not " +
           std::to_string(expected.begin()->first);
  bool partial = false;
  int64_t whole = 0;
  for (const auto& [w, want] : expected) {
    const auto it = got.find(w);
    if (it == got.end()) return "window " + std::to_string(w) + " is missing";
    const WindowCounts& c = it->second;
    if (c == want) {
      if (partial) return "window " + std::to_string(w) + " is complete after an incomplete one";
      ++whole;
      continue;
    }
    partial = true;
    if (c.person > want.person || c.auction > want.auction || c.bid > want.bid)
      return "window " + std::to_string(w) + " has " + c.text() + ", more than the generator's " +
             want.text();
  }
  if (complete) *complete = whole;
  return "";
}

}  // namespace event_counts_test
