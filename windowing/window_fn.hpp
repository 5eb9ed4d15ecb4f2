#pragma once
// WindowFn: a copyable value that holds any window function (the built-ins of window_fns.hpp
// or a user-defined CustomWindowFn) and dispatches to it without a heap allocation or a
// virtual call for the built-ins.
//
//   WindowFn fn = FixedWindows(60'000);
//   WindowList windows;            // reuse across elements: no allocation per element
//   windows.clear();
//   fn.assign(ts, windows);
//
// A WindowFn may carry an "output time transform" (Beam's deprecated WindowFn.getOutputTime).
// It is used only by TimestampCombiner::kEarliestTransformed; every other combiner ignores it.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "windowing/window_fns.hpp"
#include "windowing/window_merging.hpp"

namespace rill {

// A user-defined window function. Subclass it for anything the built-ins do not cover.
class CustomWindowFn {
 public:
  virtual ~CustomWindowFn() = default;
  // Appends the windows of an element with timestamp ts to out.
  virtual void assign(Timestamp ts, WindowList& out) const = 0;
  virtual bool is_merging() const { return false; }
  // Only called when is_merging(): how to merge the given (non-empty) set of windows.
  virtual std::vector<WindowMerge> merge(std::span<const Window> windows) const {
    return merge_overlapping_windows(windows);
  }
  virtual std::string to_string() const = 0;
};

// Maps (window, element timestamp) to the element's output time under kEarliestTransformed.
using OutputTimeTransform = std::function<Timestamp(const Window&, Timestamp)>;

class WindowFn {
 public:
  WindowFn() = default;  // GlobalWindows
  WindowFn(GlobalWindows f) : fn_(f) {}
  WindowFn(FixedWindows f) : fn_(f) {}
  WindowFn(SlidingWindows f) : fn_(f) {}
  WindowFn(Sessions f) : fn_(f) {}
  WindowFn(std::shared_ptr<const CustomWindowFn> f);  // throws on null

  // Appends the windows that contain ts to out (does not clear it).
  void assign(Timestamp ts, WindowList& out) const {
    switch (fn_.index()) {
      case 0:
        return std::get<0>(fn_).assign(ts, out);
      case 1:
        return std::get<1>(fn_).assign(ts, out);
      case 2:
        return std::get<2>(fn_).assign(ts, out);
      case 3:
        return std::get<3>(fn_).assign(ts, out);
      default:
        return std::get<4>(fn_)->assign(ts, out);
    }
  }

  bool is_merging() const {
    if (std::holds_alternative<Sessions>(fn_)) return true;
    if (auto* c = std::get_if<Custom>(&fn_)) return (*c)->is_merging();
    return false;
  }

  // The merges to apply to a set of windows (empty for non-merging functions).
  std::vector<WindowMerge> merge(std::span<const Window> windows) const;

  // A copy of this WindowFn whose output time transform is `transform`.
  WindowFn with_output_time_transform(OutputTimeTransform transform) const;
  bool has_output_time_transform() const { return transform_ != nullptr; }
  // The element's output time under kEarliestTransformed: the transform, or ts itself.
  Timestamp transformed_output_time(const Window& w, Timestamp ts) const {
    return transform_ ? (*transform_)(w, ts) : ts;
  }

  // The concrete built-in, or nullptr: e.g. fn.get_if<FixedWindows>().
  template <class T>
  const T* get_if() const {
    return std::get_if<T>(&fn_);
  }
  const CustomWindowFn* custom() const {
    auto* c = std::get_if<Custom>(&fn_);
    return c ? c->get() : nullptr;
  }

  std::string to_string() const;

 private:
  using Custom = std::shared_ptr<const CustomWindowFn>;
  std::variant<GlobalWindows, FixedWindows, SlidingWindows, Sessions, Custom> fn_;
  std::shared_ptr<const OutputTimeTransform> transform_;
};

}  // namespace rill
