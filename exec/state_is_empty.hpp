#pragma once
// state_is_empty(state): whether a stateful DoFn's State holds nothing, i.e. reads exactly as
// a freshly constructed one. The runtime then erases the (key, window) entry (with no timer
// set) instead of keeping an empty struct per key forever: in the global window nothing else
// would ever collect it (StatefulParDoOp).
//
// How: a State lists its cells for checkpoints, `template <class A> void serialize(A& ar)
// { ar(cell, ...); }`. The probe below is such an archive that asks each cell whether it is
// empty instead of writing it. A member that is not one of rill's cells (a plain int, a
// vector, a nested struct) may have a non-empty default, so it counts as holding something:
// such a State is erased only when its window expires, as before. So is a State without
// serialize(). No allocation; a few loads per cell.
#include <concepts>

namespace rill {
namespace detail {

// ValueState, BagState, CombiningState, MapState, SetState (state_cells.hpp).
template <class C>
concept StateCell = C::kStateCell && requires(const C& c) {
  { c.empty() } -> std::convertible_to<bool>;
};

class EmptyProbe {
 public:
  template <class... Cells>
  void operator()(Cells&... cells) {
    ((empty_ = empty_ && is_empty(cells)), ...);
  }
  bool empty() const { return empty_; }

 private:
  template <class C>
  static bool is_empty(const C& c) {
    if constexpr (StateCell<C>)
      return c.empty();
    else
      return false;  // not a cell: assume it holds something
  }
  bool empty_ = true;
};

}  // namespace detail

template <class State>
bool state_is_empty(const State& st) {
  // serialize() is non-const by Cereal's convention (one function saves and loads); the probe
  // only calls empty() on what it is handed, so the state is not modified.
  auto& s = const_cast<State&>(st);
  if constexpr (requires(detail::EmptyProbe & p) { s.serialize(p); }) {
    detail::EmptyProbe probe;
    s.serialize(probe);
    return probe.empty();
  } else {
    return false;
  }
}

}  // namespace rill
