#pragma once
// Accumulator policies for KeyedWindowState. A policy says what a window accumulates:
//
//   struct P {
//     using Value = ...;                      // what an element contributes
//     using Acc = ...;                        // what a pane carries
//     Acc empty() const;                      // a fresh accumulator (clearing assigns this)
//     void add(Acc&, Value&&) const;          // one element
//     void merge(Acc& into, Acc&& from) const;// window merging (sessions)
//   };
//
// The members may be static. A policy object is stored by value in each KeyedWindowState, so
// a stateful one (e.g. wrapping a CombineFn) should be cheap to copy.
#include <concepts>
#include <iterator>
#include <utility>
#include <vector>

namespace rill {

template <class P>
concept AccumulatorPolicy = requires(const P& p, typename P::Acc& acc, typename P::Value&& v,
                                     typename P::Acc&& other) {
  { p.empty() } -> std::convertible_to<typename P::Acc>;
  p.add(acc, std::move(v));
  p.merge(acc, std::move(other));
};

// GroupByKey: the pane is the list of values, in arrival order.
template <class V>
struct BufferPolicy {
  using Value = V;
  using Acc = std::vector<V>;
  static Acc empty() { return {}; }
  static void add(Acc& acc, V&& v) { acc.push_back(std::move(v)); }
  static void merge(Acc& into, Acc&& from) {
    if (into.empty()) {
      into = std::move(from);
    } else {
      into.insert(into.end(), std::make_move_iterator(from.begin()),
                  std::make_move_iterator(from.end()));
    }
  }
};

}  // namespace rill
