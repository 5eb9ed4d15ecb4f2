// Stateful DoFns with timers through the real runner.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <set>

#include "io/assert_that.hpp"
#include "io/test_stream.hpp"
#include "rill.hpp"

using namespace rill;
using io::assert_that;

namespace {

PipelineOptions opts(int p) {
  PipelineOptions o;
  o.parallelism = p;
  o.workers = 2;
  o.batch_size = 50;
  return o;
}

// Buffers a key's values in a window and emits "key:count:sum:distinct" once, from an
// event-time timer at the window's end; a map cell remembers the max per value parity.
struct BufferUntilEndFn : StatefulDoFn<std::string, int64_t, std::string> {
  struct State {
    BagState<int64_t> values;
    CombiningState<combine::Sum<int64_t>> sum;
    SetState<int64_t> distinct;
    MapState<int64_t, int64_t> max_by_parity;
    ValueState<int64_t> seen;
    template <class A>
    void serialize(A& ar) {
      ar(values, sum, distinct, max_by_parity, seen);
    }
  };
  void process(const KV<std::string, int64_t>& e, Emitter<std::string>& out, State& st,
               Timers& timers) {
    st.values.add(e.value);
    st.sum.add(e.value);
    st.distinct.add(e.value);
    const int64_t parity = e.value % 2;
    const int64_t* m = st.max_by_parity.get(parity);
    if (!m || *m < e.value) st.max_by_parity.put(parity, e.value);
    st.seen.write(st.seen.read_or(0) + 1);
    timers.set("flush", out.window().max_timestamp());
  }
  void on_timer(const TimerFiring<std::string>& t, Emitter<std::string>& out, State& st, Timers&) {
    const int64_t* even = st.max_by_parity.get(0);
    out.emit(t.key + ":" + std::to_string(st.values.read().size()) + ":" +
             std::to_string(st.sum.read()) + ":" + std::to_string(st.distinct.size()) + ":" +
             std::to_string(even ? *even : -1) + ":" + std::to_string(*st.seen.read()));
    st.values.clear();
  }
};

}  // namespace

TEST_CASE("state cells and an event-time timer per key and window") {
  std::vector<KV<std::string, int64_t>> input;
  std::map<std::pair<std::string, Timestamp>, std::vector<int64_t>> by_window;
  for (int64_t i = 0; i < 2000; ++i) {
    const std::string key = "k" + std::to_string(i % 13);
    const int64_t v = (i * 31) % 17;
    input.push_back({key, v});
    by_window[{key, (i * 10) / 1000 * 1000}].push_back(v);
  }
  std::vector<std::string> expected;
  for (auto& [kw, vs] : by_window) {
    int64_t sum = 0, even = -1;
    std::set<int64_t> distinct(vs.begin(), vs.end());
    for (auto v : vs) {
      sum += v;
      if (v % 2 == 0) even = std::max(even, v);
    }
    expected.push_back(kw.first + ":" + std::to_string(vs.size()) + ":" + std::to_string(sum) +
                       ":" + std::to_string(distinct.size()) + ":" + std::to_string(even) + ":" +
                       std::to_string(vs.size()));
  }
  for (int p : {1, 3}) {
    CAPTURE(p);
    Pipeline pipe{opts(p)};
    // Each element gets its own time: index * 10 ms.
    auto stamped =
        pipe |
        Create("Stamped",
               [&] {
                 std::vector<KV<KV<std::string, int64_t>, int64_t>> v;
                 for (size_t i = 0; i < input.size(); ++i)
                   v.push_back({input[i], static_cast<int64_t>(i) * 10});
                 return v;
               }()) |
        WithTimestamps("StampAt",
                       [](const KV<KV<std::string, int64_t>, int64_t>& kv) { return kv.value; }) |
        Map("Drop", [](KV<KV<std::string, int64_t>, int64_t> kv) { return kv.key; }) |
        WindowInto("Windows", FixedWindows(1000)) | ParDo("Buffer", BufferUntilEndFn{});
    assert_that(stamped, "Check").contains_in_any_order(expected);
    auto result = pipe.run();
    CHECK_MESSAGE(result.ok(), result.summary());
    CHECK(pipe.explain().find("StatefulParDo 'Buffer'") != std::string::npos);
  }
}

namespace {
// Dedups per key; state is per window, so a new window starts afresh.
struct DedupFn : StatefulDoFn<std::string, std::string, std::string> {
  struct State {
    SetState<std::string> seen;
    template <class A>
    void serialize(A& ar) {
      ar(seen);
    }
  };
  void process(const KV<std::string, std::string>& e, Emitter<std::string>& out, State& st,
               Timers&) {
    if (st.seen.add(e.value)) out.emit(e.key + "=" + e.value);
  }
};
}  // namespace

TEST_CASE(
    "state is cleared when its window expires; later windows start fresh; late data dropped") {
  Pipeline pipe{opts(1)};
  auto in = pipe | io::TestStream<KV<std::string, std::string>>("In")
                       .add_elements({{{"u", "a"}, 100}, {{"u", "a"}, 200}, {{"u", "b"}, 300}})
                       .advance_watermark_to(5'000)        // window [0, 1s) expired
                       .add_elements({{{"u", "a"}, 400}})  // too late: dropped, counted
                       .add_elements({{{"u", "a"}, 5'100}, {{"u", "a"}, 5'200}})  // new window
                       .advance_watermark_to_infinity();
  auto out = in | WindowInto("W", FixedWindows(1000)) | ParDo("Dedup", DedupFn{});
  assert_that(out, "Check").contains_in_any_order({"u=a", "u=b", "u=a"});
  auto result = pipe.run();
  CHECK_MESSAGE(result.ok(), result.summary());
  CHECK(result.step("Dedup")->dropped_late == 1);
}

namespace {
struct TooLateTimerFn : StatefulDoFn<std::string, int64_t, int64_t> {
  struct State {
    template <class A>
    void serialize(A&) {}
  };
  void process(const KV<std::string, int64_t>& e, Emitter<int64_t>&, State&, Timers& timers) {
    timers.set("later", e.value);  // beyond the window's expiry
  }
  void on_timer(const TimerFiring<std::string>&, Emitter<int64_t>&, State&, Timers&) {}
};

struct ProcessingTimeFn : StatefulDoFn<std::string, int64_t, std::string> {
  struct State {
    CombiningState<combine::Sum<int64_t>> sum;
    template <class A>
    void serialize(A& ar) {
      ar(sum);
    }
  };
  void process(const KV<std::string, int64_t>& e, Emitter<std::string>&, State& st, Timers& t) {
    st.sum.add(e.value);
    if (!t.find("tick")) t.set("tick", wall_ms() + 30, TimeDomain::kProcessingTime);
  }
  void on_timer(const TimerFiring<std::string>& f, Emitter<std::string>& out, State& st, Timers&) {
    out.emit(f.key + " " + std::to_string(st.sum.read()) +
             (f.domain == TimeDomain::kProcessingTime ? " by processing time" : ""));
  }
  static Timestamp wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};
}  // namespace

TEST_CASE("a timer set after its window expires fails the job with a clear message") {
  Pipeline pipe{opts(2)};
  pipe | Create("In", std::vector<KV<std::string, int64_t>>{{"k", 5'000}}) |
      WithTimestamps("At", [](const KV<std::string, int64_t>&) { return Timestamp{10}; }) |
      WindowInto("W", FixedWindows(1000)) | ParDo("Timer", TooLateTimerFn{});
  auto result = pipe.run();
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "Timer");
  CHECK(result.error == "timer 'later' set at 5000, after its window [0, 1000) expires at 999");
}

TEST_CASE("a processing-time timer calls back into the DoFn") {
  Pipeline pipe{opts(1)};
  auto in = pipe | io::TestStream<KV<std::string, int64_t>>("In")
                       .add_elements({{{"k", 2}, 10}, {{"k", 3}, 20}})
                       .advance_processing_time(300)
                       .advance_watermark_to_infinity();
  auto out = in | ParDo("Tick", ProcessingTimeFn{});
  assert_that(out, "Check").contains_in_any_order({"k 5 by processing time"});
  auto result = pipe.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}
