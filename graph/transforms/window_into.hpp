#pragma once
// WindowInto assigns each element to the windows of a WindowFn (one copy per window: sliding
// windows copy an element into size/period windows; fixed, session and global windows edit
// the batch in place) and sets the windowing strategy (trigger,
// accumulation, lateness, timestamp combiner) that later GroupByKeys and Combines use.
//   pc | rill::WindowInto("Hourly", rill::FixedWindows(3'600'000))
//   pc | rill::WindowInto("Early", rill::WindowingStrategy{.window_fn = rill::FixedWindows(60'000),
//            .trigger = rill::AfterWatermark({.early = rill::AfterCount(1)}),
//            .accumulation_mode = rill::AccumulationMode::kAccumulating})
#include <memory>

#include "graph/engine.hpp"
#include "graph/pcollection.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill {
struct WindowInto {
  std::string name;
  std::shared_ptr<const WindowingStrategy> strategy;
  WindowInto(std::string n, WindowingStrategy s) : name(std::move(n)) {
    s.validate();
    strategy = std::make_shared<const WindowingStrategy>(std::move(s));
  }
  WindowInto(std::string n, WindowFn fn)
      : WindowInto(std::move(n), WindowingStrategy{.window_fn = std::move(fn)}) {}

  template <class T>
  PCollection<T> expand(const PCollection<T>& in) {
    auto factory = [s = strategy](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return exec::make_window_into_op<T>(ctx.step, s);
    };
    return add_step<T>(in, name, "WindowInto", NodeKind::kElementwise, factory, strategy);
  }
};

}  // namespace rill
