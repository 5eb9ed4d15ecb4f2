#pragma once
// The chaos suite's job: a stateful windowed pipeline with unique ids end to end, so that a
// run under faults can be checked element by element (each id out exactly once).
//   Ids (event-time source; every 97th id arrives 25 s behind its burst: late data)
//   -> Pace (1 ms per 32 ids by default, so that checkpoints every 20 ms happen)
//   -> Key (id % 7) -> Sessions (gap 1 s; early firings every 16 elements, a late firing per
//      late element, 1 h allowed lateness, discarding: each id is in exactly one pane)
//   -> Group (GroupByKey) -> Ungroup -> Fixed (10 s windows, 1 h allowed lateness: the late
//      panes' ids are late here too) -> Rekey (id % 31)
//   -> Number (stateful DoFn: a per-key, per-window count in state)
//   -> Scale (ParDo with a side input, the factor 3, which the main input waits for)
//   -> the ids.
#include <atomic>
#include <cereal/types/vector.hpp>
#include <chrono>
#include <thread>

#include "rill.hpp"

namespace chaos_test {

using namespace rill;

// Burst b holds ids 500b .. 500b+499 at 2 ms apart, bursts 10 s apart; a late id has the time
// of an id 25 s (two and a half bursts) earlier.
inline Timestamp time_of(int64_t id) {
  const Timestamp t = (id / 500) * 10'000 + (id % 500) * 2;
  return id >= 2000 && id % 97 == 5 ? t - 25'000 : t;
}

// Reader r of P reads ids r, r+P, ...; its watermark is the time of its next on-time id.
class IdReader final : public SourceReader<int64_t> {
 public:
  IdReader(int64_t n, int64_t first, int64_t stride) : n_(n), next_(first), stride_(stride) {}
  Timestamp watermark() const override {
    return exhausted() || next_ >= n_ ? kMaxTimestamp
                                      : (next_ / 500) * 10'000 + (next_ % 500) * 2 - 1;
  }

 protected:
  bool read(Batch<int64_t>& out, size_t max) override {
    for (size_t i = 0; i < max && next_ < n_; ++i, next_ += stride_)
      out.push_back({next_, time_of(next_)});
    return next_ < n_;
  }
  bool has_position() const override { return true; }
  void save_position(cereal::BinaryOutputArchive& ar) const override { ar(next_); }
  void load_position(cereal::BinaryInputArchive& ar) override { ar(next_); }

 private:
  int64_t n_, next_, stride_;
};

class IdSource final : public SourceDef {
 public:
  explicit IdSource(int64_t n) : n_(n) {}
  bool checkpointable() const override { return true; }
  std::vector<std::unique_ptr<SourceReaderBase>> split(int desired,
                                                       const OpContext&) const override {
    std::vector<std::unique_ptr<SourceReaderBase>> readers;
    const int p = std::max(desired, 1);
    for (int r = 0; r < p; ++r) readers.push_back(std::make_unique<IdReader>(n_, r, p));
    return readers;
  }

 private:
  int64_t n_;
};

struct Ids {
  std::string name;
  int64_t n;
  PCollection<int64_t> expand_root(const std::shared_ptr<GraphDef>& g) {
    return detail::add_source<int64_t>(g, name, "ChaosIds", std::make_shared<IdSource>(n));
  }
};

// Panes seen by Ungroup, by timing (early, on time, late), to show the job has them all.
inline std::atomic<int64_t> g_panes[3];

// A pane's ids, one by one; counts the pane's timing.
struct UngroupFn : DoFn<KV<int64_t, std::vector<int64_t>>, int64_t> {
  void process(const KV<int64_t, std::vector<int64_t>>& kv, Emitter<int64_t>& out) {
    const auto timing = out.pane().timing;
    if (timing != PaneTiming::kUnknown) ++g_panes[static_cast<int>(timing)];
    for (int64_t id : kv.value) out.emit(id);
  }
};

// Per key and window, numbers its elements in state; emits every id once.
struct NumberFn : StatefulDoFn<int64_t, int64_t, int64_t> {
  struct State {
    ValueState<int64_t> count;
    template <class A>
    void serialize(A& ar) {
      ar(count);
    }
  };
  void process(const KV<int64_t, int64_t>& e, Emitter<int64_t>& out, State& st, Timers&) {
    st.count.write(st.count.read_or(0) + 1);
    out.emit(e.value);
  }
};

struct ScaleFn : DoFn<int64_t, int64_t> {
  explicit ScaleFn(SingletonView<int64_t> f) : factor(std::move(f)) {}
  SingletonView<int64_t> factor;
  void process(const int64_t& id, Emitter<int64_t>& out, const SideInputs& side) {
    if (side[factor] != 3) throw std::runtime_error("the side input is not 3");
    out.emit(id * side[factor] / 3);
  }
};

// The ids that come out of the job (each of 0..n-1 exactly once when all is well). Pace
// sleeps 1 ms every `pace_every` ids.
inline PCollection<int64_t> chaos_ids(Pipeline& p, int64_t n, int64_t pace_every = 32) {
  auto factor = AsSingleton(p | Create("Factor", std::vector<int64_t>{3}));
  WindowingStrategy sessions{
      .window_fn = Sessions(1'000),
      .trigger = AfterWatermark({.early = AfterCount(16), .late = AfterCount(1)}),
      .accumulation_mode = AccumulationMode::kDiscarding,
      .allowed_lateness = 3'600'000,
  };
  return p | Ids{"Ids", n} |
         Map("Pace",
             [pace_every](int64_t id) {
               if (id % pace_every == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
               return id;
             }) |
         Map("Key",
             [](int64_t id) {
               return KV<int64_t, int64_t>{id % 7, id};
             }) |
         WindowInto("Sessions", sessions) | GroupByKey("Group") | ParDo("Ungroup", UngroupFn{}) |
         WindowInto("Fixed", WindowingStrategy{.window_fn = FixedWindows(10'000),
                                               .allowed_lateness = 3'600'000}) |
         Map("Rekey",
             [](int64_t id) {
               return KV<int64_t, int64_t>{id % 31, id};
             }) |
         ParDo("Number", NumberFn{}) | ParDo("Scale", ScaleFn{factor}, factor);
}

}  // namespace chaos_test
