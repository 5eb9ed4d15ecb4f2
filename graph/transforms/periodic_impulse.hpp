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
#include <memory>
#include <stdexcept>
#include <string>

#include "graph/graph_def.hpp"
#include "graph/pcollection.hpp"

namespace rill {

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

  // Out of line (periodic_impulse.cpp): the reader and the steps are compiled once, in rill.
  PCollection<Timestamp> expand_root(const std::shared_ptr<GraphDef>& g);
};

}  // namespace rill
