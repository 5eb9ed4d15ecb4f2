// The windowed workloads: per-key sums per window over in-order events (event i at i ms).
//   fixed-window N K W          FixedWindows(W)
//   sliding-window N K S P      SlidingWindows(S, P)
//   sessions N K GAP            Sessions(GAP)
// Each digests (key, window start, window end, sum) on both sides.
#include <map>
#include <unordered_map>

#include "bench/digest_sink.hpp"
#include "bench/event_source.hpp"
#include "bench/workloads.hpp"
#include "rill.hpp"

namespace rill::bench {
namespace {

struct WindowSum {
  int64_t key, start, end, sum;
};
struct HashWindowSum {
  uint64_t operator()(const WindowSum& w) const {
    uint64_t h = hash_combine(static_cast<uint64_t>(w.key), static_cast<uint64_t>(w.start));
    return hash_combine(hash_combine(h, static_cast<uint64_t>(w.end)),
                        static_cast<uint64_t>(w.sum));
  }
};

struct KeyStart {
  int64_t key, start;
  bool operator==(const KeyStart&) const = default;
};
struct HashKeyStart {
  size_t operator()(const KeyStart& k) const {
    return hash_combine(static_cast<uint64_t>(k.key), static_cast<uint64_t>(k.start));
  }
};

int64_t floor_to(int64_t t, int64_t step) {
  return t - ((t % step) + step) % step;
}

// The rill side: events -> WindowInto(fn) -> CombinePerKey(Sum) -> (key, window, sum).
Outcome run_windowed(const BenchArgs& a, uint64_t n, uint64_t k, rill::WindowFn fn) {
  rill::Pipeline p{a.options};
  auto events = p | GenerateEvents{"Events", n, k};
  auto store = with_injected_failure(events, a.fail_at) |
               rill::WindowInto("Window", std::move(fn)) |
               rill::CombinePerKey("Sum", rill::combine::Sum<int64_t>{}) |
               rill::FlatMap<WindowSum>(
                   "WithWindow",
                   [](rill::KV<int64_t, int64_t> kv, rill::Emitter<WindowSum>& out) {
                     out.emit(WindowSum{kv.key, out.window().start, out.window().end, kv.value});
                   }) |
               DigestSink("Digest", HashWindowSum{});
  const TimedRun run = timed_run(p, a.summary);
  return Outcome{static_cast<int64_t>(n), run.seconds, store->total(), run.steal_pct, run.ckpt};
}

// The hand side for fixed and sliding windows (fixed = sliding with period == size).
Outcome hand_sliding(uint64_t n, uint64_t k, int64_t size, int64_t period) {
  Stopwatch clock;
  std::unordered_map<KeyStart, int64_t, HashKeyStart> sums;
  for (uint64_t i = 0; i < n; ++i) {
    const auto kv = make_kv(i, k);
    const int64_t ts = static_cast<int64_t>(i);
    for (int64_t start = floor_to(ts, period); start > ts - size; start -= period)
      sums[{kv.key, start}] += kv.value;
  }
  Digest d;
  for (const auto& [ks, sum] : sums)
    d.add(HashWindowSum{}({ks.key, ks.start, ks.start + size, sum}));
  return Outcome{static_cast<int64_t>(n), clock.seconds(), d, -1, {}};
}

}  // namespace

Workload fixed_window_workload(const BenchArgs& a) {
  const uint64_t n = static_cast<uint64_t>(positive_arg(a, 0, "N"));
  const uint64_t k = static_cast<uint64_t>(positive_arg(a, 1, "K"));
  const int64_t w = positive_arg(a, 2, "W");
  return {[=] { return hand_sliding(n, k, w, w); },
          [=] { return run_windowed(a, n, k, rill::FixedWindows(w)); }};
}

Workload sliding_window_workload(const BenchArgs& a) {
  const uint64_t n = static_cast<uint64_t>(positive_arg(a, 0, "N"));
  const uint64_t k = static_cast<uint64_t>(positive_arg(a, 1, "K"));
  const int64_t size = positive_arg(a, 2, "SIZE");
  const int64_t period = positive_arg(a, 3, "PERIOD");
  return {[=] { return hand_sliding(n, k, size, period); },
          [=] { return run_windowed(a, n, k, rill::SlidingWindows(size, period)); }};
}

Workload sessions_workload(const BenchArgs& a) {
  const uint64_t n = static_cast<uint64_t>(positive_arg(a, 0, "N"));
  const uint64_t k = static_cast<uint64_t>(positive_arg(a, 1, "K"));
  const int64_t gap = positive_arg(a, 2, "GAP");
  auto hand = [=] {
    Stopwatch clock;
    struct Open {
      int64_t start, last, sum;
    };
    std::unordered_map<int64_t, Open> open;
    Digest d;
    for (uint64_t i = 0; i < n; ++i) {
      const auto kv = make_kv(i, k);
      const int64_t ts = static_cast<int64_t>(i);
      auto [it, fresh] = open.try_emplace(kv.key, Open{ts, ts, 0});
      if (!fresh && ts - it->second.last >= gap) {  // the session closed: a new one starts
        const Open& s = it->second;
        d.add(HashWindowSum{}({kv.key, s.start, s.last + gap, s.sum}));
        it->second = Open{ts, ts, 0};
      }
      it->second.last = ts;
      it->second.sum += kv.value;
    }
    for (const auto& [key, s] : open) d.add(HashWindowSum{}({key, s.start, s.last + gap, s.sum}));
    return Outcome{static_cast<int64_t>(n), clock.seconds(), d, -1, {}};
  };
  return {hand, [=] { return run_windowed(a, n, k, rill::Sessions(gap)); }};
}

}  // namespace rill::bench
