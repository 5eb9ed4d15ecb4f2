#pragma once
// PeriodicImpulse: a source that emits the wall-clock time once every `interval` ms, each
// element stamped with its own time (Beam's PeriodicImpulse). With it a long-running job
// refreshes a side input: read the reference data on every tick, and the main input sees the
// latest version (graph/side_input.hpp, "triggered side inputs"):
//   auto rates = p | rill::PeriodicImpulse("Every minute", 60'000)
//                  | rill::WindowInto("Refresh", {.trigger =
//                  rill::Repeatedly(rill::AfterCount(1))}) | rill::Map("Load", [](rill::Timestamp)
//                  { return load_rates(); }) | rill::CombineGlobally("Latest",
//                  rill::combine::AnyOne<Rates>{});
//   orders | rill::Map("Convert", convert, rill::AsSingleton(rates));
// `.with_fixed_windows()` puts each tick in a fixed window of the interval (Beam's
// applyWindowing()), for a side input that changes per window instead.
//
// Ticks fall on multiples of the interval (from the epoch), starting with the first one at
// or after the job's start, so each fixed window of the interval holds exactly one. The
// watermark is the next tick's time minus 1: nothing earlier will come. Unbounded unless
// `.stop_after(n)` ends it after n ticks. One reader emits (partition 0); its position, the
// next tick, is checkpointed, so a restored job goes on from the next tick it had not sent
// (ticks missed while it was down come at once, as Beam's catch-up does).
#include <chrono>
#include <memory>
#include <string>

#include "graph/transforms/create.hpp"
#include "graph/transforms/window_into.hpp"
#include "windowing/window_fns.hpp"

namespace rill {
namespace detail {

inline Timestamp wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class ImpulseReader final : public SourceReader<Timestamp> {
 public:
  // `count` < 0: unbounded.
  ImpulseReader(Duration interval, int64_t count)
      : interval_(interval),
        next_((wall_clock_ms() + interval - 1) / interval * interval),
        left_(count) {}
  Timestamp watermark() const override {
    return exhausted() || left_ == 0 ? kMaxTimestamp : next_ - 1;
  }
  int64_t wait_micros() const override {
    const Timestamp now = wall_clock_ms();
    return next_ > now ? (next_ - now) * 1000 : 0;
  }
  int64_t backlog_elements() const override { return left_; }

 protected:
  bool has_position() const override { return true; }
  void save_position(cereal::BinaryOutputArchive& ar) const override { ar(next_, left_); }
  void load_position(cereal::BinaryInputArchive& ar) override { ar(next_, left_); }
  bool read(Batch<Timestamp>& out, size_t max) override {
    const Timestamp now = wall_clock_ms();
    for (; left_ != 0 && next_ <= now && out.size() < max; next_ += interval_) {
      out.push_back({next_, next_});
      if (left_ > 0) --left_;
    }
    return left_ != 0;
  }

 private:
  Duration interval_;
  Timestamp next_;
  int64_t left_;
};

// Reader 0 ticks; the others (one per further partition) end at once.
class ImpulseSource final : public SourceDef {
 public:
  ImpulseSource(Duration interval, int64_t count) : interval_(interval), count_(count) {}
  std::vector<std::unique_ptr<SourceReaderBase>> split(int desired,
                                                       const OpContext&) const override {
    std::vector<std::unique_ptr<SourceReaderBase>> readers;
    for (int r = 0; r < std::max(desired, 1); ++r)
      readers.push_back(std::make_unique<ImpulseReader>(interval_, r == 0 ? count_ : 0));
    return readers;
  }
  bool checkpointable() const override { return true; }
  bool unbounded() const override { return count_ < 0; }
  std::string describe() const override {
    return "every " + std::to_string(interval_) + " ms" +
           (count_ < 0 ? std::string() : ", " + std::to_string(count_) + " tick(s)");
  }

 private:
  Duration interval_;
  int64_t count_;
};

}  // namespace detail

struct PeriodicImpulse {
  std::string name;
  Duration interval;
  int64_t count = -1;
  bool fixed_windows = false;

  PeriodicImpulse(std::string n, Duration interval_ms) : name(std::move(n)), interval(interval_ms) {
    if (interval <= 0)
      throw std::invalid_argument("rill::PeriodicImpulse '" + name +
                                  "': the interval must be at least 1 ms, not " +
                                  std::to_string(interval));
  }
  PeriodicImpulse& stop_after(int64_t ticks) {
    if (ticks < 0)
      throw std::invalid_argument("rill::PeriodicImpulse '" + name +
                                  "': stop_after needs a count >= 0");
    count = ticks;
    return *this;
  }
  PeriodicImpulse& with_fixed_windows() {
    fixed_windows = true;
    return *this;
  }

  PCollection<Timestamp> expand_root(const std::shared_ptr<GraphDef>& g) {
    auto ticks = detail::add_source<Timestamp>(
        g, name, "PeriodicImpulse", std::make_shared<detail::ImpulseSource>(interval, count));
    if (!fixed_windows) return ticks;
    return ticks | WindowInto(name + "/Window", FixedWindows(interval));
  }
};

}  // namespace rill
