#pragma once
// GenerateEvents: the Nexmark generator (generator.hpp) as a source.
//   auto events = p | rill::io::nexmark::GenerateEvents("Events", {.events = 1'000'000});
//
// Splitting: reader r of P produces events r, r + P, r + 2P, ... so every reader moves through
// event time at the same pace, and the union is the same events for any parallelism.
// Each element's timestamp is its event's date_time. A reader's watermark is
// EventGenerator::watermark_before(its next index): the nominal time of the next event it
// will produce, minus the out-of-order bound, minus 1; the stage's watermark is the minimum.
//
// Bounded when `events` > 0 (the watermark jumps to the end of time when a reader is done),
// unbounded otherwise (the job then runs until it is cancelled).
//
// Pacing: with `rate` > 0 (events per second of wall time, over all readers), event i is due
// at epoch + i / rate, the epoch being the moment the first reader first reads (kept in
// `clock`, which a latency-measuring sink can share). A reader emits what is due and then
// asks its partition to sleep until its next event is due (wait_micros), so it never spins.
// Without a rate, readers produce as fast as downstream credit allows.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "graph/pcollection.hpp"
#include "io/nexmark/generator.hpp"

namespace rill::io::nexmark {

// The wall-clock origin of a paced run (steady clock, nanoseconds), set once by whichever
// reader reads first.
class PaceClock {
 public:
  static int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  // The epoch, set to `now` if nobody set it before.
  int64_t start(int64_t now) {
    int64_t expected = 0;
    if (epoch_.compare_exchange_strong(expected, now, std::memory_order_acq_rel)) return now;
    return expected;
  }
  int64_t epoch_ns() const { return epoch_.load(std::memory_order_acquire); }  // 0: not started

 private:
  std::atomic<int64_t> epoch_{0};
};

struct SourceOptions {
  GeneratorConfig generator;
  uint64_t events = 0;               // how many events; 0: unbounded
  double rate = 0;                   // events per second of wall time over all readers; 0: unpaced
  std::shared_ptr<PaceClock> clock;  // made by GenerateEvents when pacing and not given
};

struct GenerateEvents {
  std::string name;
  SourceOptions options;
  GenerateEvents(std::string n, SourceOptions o) : name(std::move(n)), options(std::move(o)) {}

  // Throws std::invalid_argument for a bad generator config or a negative rate.
  PCollection<Event> expand_root(const std::shared_ptr<GraphDef>& g);
};

}  // namespace rill::io::nexmark
