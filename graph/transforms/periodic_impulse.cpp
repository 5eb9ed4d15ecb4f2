#include "graph/transforms/periodic_impulse.hpp"

#include <chrono>

#include "exec/operators.hpp"  // the definitions of the steps' operators
#include "graph/transforms/create.hpp"
#include "graph/transforms/window_into.hpp"
#include "windowing/window_fns.hpp"

namespace rill {
namespace detail {
namespace {

Timestamp wall_clock_ms() {
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

}  // namespace
}  // namespace detail

PCollection<Timestamp> PeriodicImpulse::expand_root(const std::shared_ptr<GraphDef>& g) {
  auto ticks = detail::add_source<Timestamp>(
      g, name, "PeriodicImpulse", std::make_shared<detail::ImpulseSource>(interval, count));
  if (!fixed_windows) return ticks;
  return ticks | WindowInto(name + "/Window", FixedWindows(interval));
}

}  // namespace rill
