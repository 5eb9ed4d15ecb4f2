#pragma once
// compare_under_faults: runs a pipeline twice, fault-free and with a FaultPlan
// (PipelineOptions::faults), and compares the two outputs as multisets: a pipeline that
// recovers exactly once gives the same elements, whatever the faults.
//   auto cmp = rill::testing::compare_under_faults(
//       [](rill::Pipeline& p) { return p | rill::Create("In", xs) | rill::Map("F", f); },
//       options, rill::testing::FaultPlan::parse("crash:step=F,after=500"));
//   CHECK_MESSAGE(cmp.ok(), cmp.describe());
// `build` is called once per run, on a fresh Pipeline whose options carry the run's plan (an
// empty one for the fault-free run); the collection it returns is collected in memory
// (io::Collect). Runs through Pipeline::run(): link rill::actors.
#include <algorithm>
#include <concepts>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "graph/describe.hpp"
#include "graph/pipeline.hpp"
#include "io/collect.hpp"

namespace rill::testing {

struct FaultComparison {
  std::string plan;  // the plan's text
  PipelineResult fault_free, under_faults;
  size_t fault_free_count = 0, under_faults_count = 0;  // elements each run collected
  bool equal = false;                                   // the same elements, as many times each
  size_t missing = 0;  // copies in the fault-free output beyond those under faults
  size_t extra = 0;    // copies under faults beyond those in the fault-free output
  // "" when equal, else the first difference, "missing: X" or "extra: X": the smallest one
  // for an ordered element type. X is the element's text (operator<<), or, without one,
  // "element #k of the fault-free (or faulty) output" (sorted when ordered, else in arrival order).
  std::string first_difference;

  // Both runs ended as asked (PipelineResult::ok) and their outputs are equal.
  bool ok() const { return fault_free.ok() && under_faults.ok() && equal; }
  // A few lines for a test's failure message: the plan, both runs' states, counts, the first
  // difference, the faults injected and the restarts.
  std::string describe() const;
};

namespace detail {

template <class T>
std::string element_text(const T& v, size_t index, const char* output) {
  if constexpr (requires(std::ostream & os) { os << v; } ||
                std::is_convertible_v<const T&, std::string_view>)
    return rill::describe(v);
  else
    return "element #" + std::to_string(index) + " of the " + output + " output";
}

// Fills equal, missing, extra and first_difference; `a` is the fault-free output.
template <class T>
void compare_outputs(std::vector<T> a, std::vector<T> b, FaultComparison& c) {
  static_assert(std::equality_comparable<T>, "compare_under_faults: the element type needs ==");
  auto note = [&](bool is_missing, const T& v, size_t index) {
    (is_missing ? c.missing : c.extra) += 1;
    if (c.first_difference.empty())
      c.first_difference = std::string(is_missing ? "missing: " : "extra: ") +
                           element_text(v, index, is_missing ? "fault-free" : "faulty");
  };
  if constexpr (std::totally_ordered<T>) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      if (j == b.size() || (i < a.size() && a[i] < b[j])) {
        note(true, a[i], i), ++i;
      } else if (i == a.size() || b[j] < a[i]) {
        note(false, b[j], j), ++j;
      } else {
        ++i, ++j;
      }
    }
  } else {
    // Without an order: each element of `a` takes the first equal one of `b` left.
    std::vector<bool> taken(b.size(), false);
    for (size_t i = 0; i < a.size(); ++i) {
      size_t j = 0;
      while (j < b.size() && (taken[j] || !(b[j] == a[i]))) ++j;
      if (j < b.size())
        taken[j] = true;
      else
        note(true, a[i], i);
    }
    for (size_t j = 0; j < b.size(); ++j)
      if (!taken[j]) note(false, b[j], j);
  }
  c.equal = c.missing == 0 && c.extra == 0;
}

}  // namespace detail

// `build(Pipeline&)` returns a PCollection<T>; it may also be a
// std::function<PCollection<T>(Pipeline&)>. `options` serve both runs (a checkpoint_dir
// too: a run that ends DONE leaves no checkpoint behind); only the faulty run gets `plan`.
template <class Build>
FaultComparison compare_under_faults(Build&& build, PipelineOptions options, FaultPlan plan) {
  using Out = std::invoke_result_t<Build&, Pipeline&>;
  static_assert(is_pcollection<Out>::value,
                "compare_under_faults: build(Pipeline&) must return a PCollection");
  using T = typename Out::element_type;
  auto run = [&](FaultPlan faults, std::vector<T>& out) {
    PipelineOptions o = options;
    o.faults = std::move(faults);
    Pipeline p{std::move(o)};
    auto collected = build(p) | io::Collect("CompareUnderFaults");
    PipelineResult result = p.run();
    out = collected->values();
    return result;
  };
  FaultComparison c;
  c.plan = plan.text();
  std::vector<T> reference, faulty;
  c.fault_free = run(FaultPlan{}, reference);
  c.under_faults = run(std::move(plan), faulty);
  c.fault_free_count = reference.size();
  c.under_faults_count = faulty.size();
  detail::compare_outputs(std::move(reference), std::move(faulty), c);
  return c;
}

}  // namespace rill::testing
