#pragma once
// assert_that: checks a collection's contents inside the pipeline, as Beam's PAssert does.
// A failed check fails the job (state FAILED, the assertion's step, and a message listing
// what was expected and what came), so it is checked by the real runner.
//   rill::io::assert_that(counts, "CheckCounts").contains_in_any_order({...});
//   rill::io::assert_that(sums, "CheckWindow").in_window(Window{0,
//   60'000}).contains_in_any_order({...}); rill::io::assert_that(sums,
//   "CheckEarly").in_early_panes(w).contains_in_any_order({...});
#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>

#include "graph/describe.hpp"
#include "io/collect.hpp"

namespace rill::io {

namespace detail {

template <class T>
std::string describe_all(const std::vector<T>& vs) {
  return describe(vs);
}

// Runs the check on everything collected, once the whole job has finished.
template <class T>
class AssertionCheck final : public SinkFinalizer {
 public:
  using Check = std::function<std::string(const std::vector<WindowedValue<T>>&)>;
  AssertionCheck(std::shared_ptr<Collected<T>> store, Check check)
      : store_(std::move(store)), check_(std::move(check)) {}
  void verify(const std::string&, int) override {
    const std::string error = check_(store_->elements());
    if (!error.empty()) throw std::runtime_error(error);
  }
  std::vector<std::string> commit(const std::string&, int) override { return {}; }
  void abort(const std::string&, int) override {}

 private:
  std::shared_ptr<Collected<T>> store_;
  Check check_;
};

}  // namespace detail

template <class T>
class AssertThat {
 public:
  AssertThat(PCollection<T> pc, std::string name) : pc_(std::move(pc)), name_(std::move(name)) {}

  // Only elements of window `w` (any pane).
  AssertThat& in_window(Window w) {
    window_ = w;
    return *this;
  }
  // Only elements of window `w` from panes of the given timing.
  AssertThat& in_early_panes(Window w) { return in_panes(w, PaneTiming::kEarly); }
  AssertThat& in_on_time_pane(Window w) { return in_panes(w, PaneTiming::kOnTime); }
  AssertThat& in_late_panes(Window w) { return in_panes(w, PaneTiming::kLate); }
  // Only elements of window `w` from its final pane.
  AssertThat& in_final_pane(Window w) {
    window_ = w;
    final_only_ = true;
    return *this;
  }

  void contains_in_any_order(std::vector<T> expected) {
    static_assert(std::equality_comparable<T>, "assert_that: the element type needs ==");
    satisfies([expected = std::move(expected)](const std::vector<T>& got) -> std::string {
      std::vector<T> want = expected, have = got;
      bool equal;
      if constexpr (std::totally_ordered<T>) {
        std::sort(want.begin(), want.end());
        std::sort(have.begin(), have.end());
        equal = want == have;
      } else {
        equal = std::is_permutation(want.begin(), want.end(), have.begin(), have.end());
      }
      if (equal) return "";
      return "expected (any order) " + detail::describe_all(want) + " but got " +
             detail::describe_all(have);
    });
  }
  void is_empty() { contains_in_any_order({}); }

  // `check` returns an error message, or an empty string when the values are right.
  void satisfies(std::function<std::string(const std::vector<T>&)> check) {
    auto store = std::make_shared<Collected<T>>();
    auto filter = [w = window_, timing = timing_,
                   final_only = final_only_](const WindowedValue<T>& e) {
      if (w && e.window != *w) return false;
      if (timing && e.pane.timing != *timing) return false;
      if (final_only && !e.pane.is_last) return false;
      return true;
    };
    auto name = name_;
    auto whole = [filter, check = std::move(check),
                  name](const std::vector<WindowedValue<T>>& all) -> std::string {
      std::vector<T> values;
      for (const auto& e : all)
        if (filter(e)) values.push_back(e.value);
      std::string error = check(values);
      return error.empty() ? "" : "assert_that '" + name + "': " + error;
    };
    NodeDef n = io::detail::share_sink_node<T, WindowedValue<T>>(pc_, name_, "AssertThat", store,
                                                                 io::detail::MoveInto<T>{});
    n.finalizer = std::make_shared<detail::AssertionCheck<T>>(store, std::move(whole));
    pc_.graph().add_node(std::move(n));
  }

 private:
  AssertThat& in_panes(Window w, PaneTiming t) {
    window_ = w;
    timing_ = t;
    return *this;
  }
  PCollection<T> pc_;
  std::string name_;
  std::optional<Window> window_;
  std::optional<PaneTiming> timing_;
  bool final_only_ = false;
};

template <class T>
AssertThat<T> assert_that(const PCollection<T>& pc, std::string name) {
  return AssertThat<T>(pc, std::move(name));
}

}  // namespace rill::io
