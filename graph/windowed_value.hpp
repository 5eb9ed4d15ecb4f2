#pragma once
// The unit that flows through a pipeline: a value with its event time, its window and its
// pane. Elements always travel in batches (Batch<T>), never one per message.
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

  template <class Archive>
  void serialize(Archive& ar) {
    ar(value, timestamp, window, pane);
  }
};

template <class T>
using Batch = std::vector<WindowedValue<T>>;

}  // namespace rill
