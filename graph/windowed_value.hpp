#pragma once
// The unit that flows through a pipeline: a value with its event time, its window and its
// pane. Elements always travel in batches (Batch<T>), never one per message.
#include <utility>
#include <vector>

#include "windowing/pane.hpp"
#include "windowing/window.hpp"

namespace rill {

template <class T>
struct WindowedValue {
  T value;
  Timestamp timestamp = kMinTimestamp;
  Window window = Window::global();
  PaneInfo pane = PaneInfo::no_firing();

  // Constructors rather than an aggregate, so that emplace_back(value, ts, window, pane) works on
  // compilers without parenthesized aggregate initialization (clang 14).
  WindowedValue() = default;
  WindowedValue(const T& v, Timestamp ts = kMinTimestamp, Window w = Window::global(),
                PaneInfo p = PaneInfo::no_firing())
      : value(v), timestamp(ts), window(w), pane(p) {}
  WindowedValue(T&& v, Timestamp ts = kMinTimestamp, Window w = Window::global(),
                PaneInfo p = PaneInfo::no_firing())
      : value(std::move(v)), timestamp(ts), window(w), pane(p) {}

  template <class Archive>
  void serialize(Archive& ar) {
    ar(value, timestamp, window, pane);
  }
};

template <class T>
using Batch = std::vector<WindowedValue<T>>;

}  // namespace rill
