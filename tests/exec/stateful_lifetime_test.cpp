// StatefulParDoOp forgets a (key, window) entry as soon as it holds nothing (every cell empty,
// no timer set), in the global window too, where nothing else would ever collect it; and the
// DoFn's output is the same as if the entry had been kept.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "exec/stateful_pardo_op.hpp"
#include "graph/transforms/combine_fn.hpp"

using namespace rill;

namespace {

// Q3-like: remembers a key's first value and emits "key:first:value" for each later one; an
// event-time timer `ttl` after the key's last element clears the state.
struct ExpiringJoinFn : StatefulDoFn<int64_t, int64_t, std::string> {
  Duration ttl = 100;
  struct State {
    ValueState<int64_t> first;
    BagState<int64_t> later;
    template <class A>
    void serialize(A& ar) {
      ar(first, later);
    }
  };
  void process(const KV<int64_t, int64_t>& e, Emitter<std::string>& out, State& st,
               Timers& timers) {
    if (const auto& f = st.first.read()) {
      out.emit(std::to_string(e.key) + ":" + std::to_string(*f) + ":" + std::to_string(e.value));
      st.later.add(e.value);
    } else {
      st.first.write(e.value);
    }
    timers.set("expire", out.timestamp() + ttl);
  }
  void on_timer(const TimerFiring<int64_t>&, Emitter<std::string>&, State& st, Timers&) {
    st.first.clear();
    st.later.clear();
  }
};

// Keeps a running sum per key, in a cell that stays non-empty, and a plain member that the
// runtime cannot see into: neither entry may be forgotten.
struct SumFn : StatefulDoFn<int64_t, int64_t, int64_t> {
  struct State {
    CombiningState<combine::Sum<int64_t>> sum;
    template <class A>
    void serialize(A& ar) {
      ar(sum);
    }
  };
  void process(const KV<int64_t, int64_t>& e, Emitter<int64_t>& out, State& st, Timers&) {
    st.sum.add(e.value);
    out.emit(st.sum.read());
  }
};
struct OpaqueFn : StatefulDoFn<int64_t, int64_t, int64_t> {
  struct State {
    int64_t n = 0;  // not a state cell: assumed to hold something
    template <class A>
    void serialize(A& ar) {
      ar(n);
    }
  };
  void process(const KV<int64_t, int64_t>&, Emitter<int64_t>&, State&, Timers&) {}
};

// Cleared at once: each element is emitted with how many came before it in the same call
// (always 0), so every entry is empty right after process().
struct ClearAtOnceFn : StatefulDoFn<int64_t, int64_t, int64_t> {
  struct State {
    CombiningState<combine::Sum<int64_t>> seen;
    template <class A>
    void serialize(A& ar) {
      ar(seen);
    }
  };
  void process(const KV<int64_t, int64_t>& e, Emitter<int64_t>& out, State& st, Timers&) {
    out.emit(st.seen.read());
    st.seen.add(e.value);
    st.seen.clear();
  }
};

template <class T>
struct Capture final : Consumer<T> {
  std::vector<WindowedValue<T>> got;
  void consume(Batch<T>& batch) override { got.insert(got.end(), batch.begin(), batch.end()); }
};

using In = KV<int64_t, int64_t>;

Batch<In> batch_of(const std::vector<std::pair<In, Timestamp>>& elems,
                   Window w = Window::global()) {
  Batch<In> b;
  for (const auto& [kv, ts] : elems) b.push_back({kv, ts, w, PaneInfo{}});
  return b;
}

template <class Fn>
using Op = detail::StatefulParDoOp<Fn>;

}  // namespace

TEST_CASE("a global-window key is forgotten once its expiry timer clears it; output unchanged") {
  Op<ExpiringJoinFn> op("Join", ExpiringJoinFn{}, nullptr, 1 << 20);
  Capture<std::string> out;
  op.output(0)->connect(&out);

  // 50 keys, three elements each at times 10k, 10k + 1, 10k + 2.
  std::vector<std::string> expected;
  for (int64_t k = 0; k < 50; ++k) {
    auto b = batch_of({{{k, 1}, 10 * k}, {{k, 2}, 10 * k + 1}, {{k, 3}, 10 * k + 2}});
    op.consume(b);
    expected.push_back(std::to_string(k) + ":1:2");
    expected.push_back(std::to_string(k) + ":1:3");
  }
  CHECK(op.live_keys() == 50);
  op.on_watermark(10 * 25 + 2 + 100);  // keys 0..24 expired (timer at 10k + 2 + 100 < wm)
  CHECK(op.live_keys() == 25);
  op.on_watermark(10 * 49 + 2 + 101);
  CHECK(op.live_keys() == 0);
  CHECK(op.live_entries() == 0);

  // A key that comes back after its state expired starts afresh, as a kept empty entry would.
  auto again = batch_of({{{7, 8}, 1000}, {{7, 9}, 1001}});
  op.consume(again);
  expected.push_back("7:8:9");
  CHECK(op.live_keys() == 1);
  op.on_watermark(kMaxTimestamp);
  CHECK(op.live_keys() == 0);

  std::vector<std::string> got;
  for (const auto& e : out.got) got.push_back(e.value);
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  CHECK(got == expected);
}

TEST_CASE("an entry whose cells are empty after process() is not kept") {
  Op<ClearAtOnceFn> op("Clear", ClearAtOnceFn{}, nullptr, 1 << 20);
  Capture<int64_t> out;
  op.output(0)->connect(&out);
  auto b = batch_of({{{1, 5}, 0}, {{2, 6}, 1}, {{1, 7}, 2}});
  op.consume(b);
  CHECK(op.live_keys() == 0);
  REQUIRE(out.got.size() == 3);
  for (const auto& e : out.got) CHECK(e.value == 0);  // a cleared cell reads as a fresh one
}

TEST_CASE("entries that hold something stay: a non-empty cell, a member the probe cannot see") {
  Op<SumFn> sums("Sum", SumFn{}, nullptr, 1 << 20);
  Capture<int64_t> sum_out;
  sums.output(0)->connect(&sum_out);
  auto b = batch_of({{{1, 5}, 0}, {{2, 6}, 1}, {{1, 7}, 2}});
  sums.consume(b);
  CHECK(sums.live_keys() == 2);
  REQUIRE(sum_out.got.size() == 3);
  CHECK(sum_out.got[2].value == 12);

  Op<OpaqueFn> opaque("Opaque", OpaqueFn{}, nullptr, 1 << 20);
  auto c = batch_of({{{1, 5}, 0}, {{2, 6}, 1}});
  opaque.consume(c);
  CHECK(opaque.live_keys() == 2);
  opaque.on_watermark(kMaxTimestamp);  // the end of time collects them
  CHECK(opaque.live_keys() == 0);
}

TEST_CASE("fixed windows: an entry forgotten early and created again is still collected") {
  auto fixed = std::make_shared<const WindowingStrategy>();
  ExpiringJoinFn fn;
  fn.ttl = 10;
  Op<ExpiringJoinFn> op("Join", fn, fixed, 1 << 20);
  Capture<std::string> out;
  op.output(0)->connect(&out);
  const Window w{0, 1000};
  auto first = batch_of({{{1, 1}, 0}, {{1, 2}, 5}}, w);
  op.consume(first);
  op.on_watermark(20);  // the timer at 15 clears key 1 in [0, 1000)
  CHECK(op.live_entries() == 0);
  auto second = batch_of({{{1, 3}, 30}, {{1, 4}, 31}}, w);
  op.consume(second);
  CHECK(op.live_entries() == 1);
  op.on_watermark(500);  // the timer at 41 clears it again
  CHECK(op.live_entries() == 0);
  auto third = batch_of({{{1, 5}, 600}}, w);
  op.consume(third);
  CHECK(op.live_entries() == 1);
  op.on_watermark(1000);  // the window expires (max timestamp 999, no lateness)
  CHECK(op.live_entries() == 0);
  std::vector<std::string> got;
  for (const auto& e : out.got) got.push_back(e.value);
  CHECK(got == std::vector<std::string>{"1:1:2", "1:3:4"});
}
