#pragma once
// Trigger: an immutable value tree that says when a window emits a pane (Beam's triggers).
//
//   Trigger t = AfterWatermark({.early = AfterCount(1), .late = AfterCount(1)});
//   Trigger u = AfterWatermark().with_early_firings(AfterProcessingTime(60'000));
//   Trigger v = Repeatedly(AfterAny({AfterCount(100), AfterProcessingTime(1'000)}));
//   Trigger w = OrFinally(Repeatedly(AfterCount(10)), AfterWatermark());
//
// The tree is stored flattened in pre-order (one TriggerNode per node) and shared between
// copies, so copying a Trigger is a reference-count increment and the per-window state machine
// (trigger_state.hpp) walks an array instead of chasing pointers. The semantics of each kind
// are documented at TriggerKind and implemented in trigger_state.cpp.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "windowing/timestamp.hpp"

namespace rill {

enum class TriggerKind : uint8_t {
  // Beam's default: an on-time pane when the watermark passes the end of the window, then a
  // late pane for every later bundle that adds data. Never finishes.
  kDefault,
  // An on-time pane at the end of the window; optional early firings before it and late
  // firings after it (both re-armed after each firing). Finishes at the on-time pane unless
  // there are late firings.
  kAfterWatermark,
  // Fires once the pane holds at least n elements; then finishes.
  kAfterCount,
  // Fires once processing time reaches (first element of the pane) + delay; then finishes.
  kAfterProcessingTime,
  // Runs its subtrigger forever, resetting it each time it finishes. Never finishes.
  kRepeatedly,
  // Runs its subtriggers one after the other; finishes after the last one.
  kAfterEach,
  // Fires when any subtrigger fires; finishes when a firing subtrigger finishes (Java: AfterFirst).
  kAfterAny,
  // Fires when all subtriggers are ready; finishes when all of them finish.
  kAfterAll,
  // OrFinally(main, until): fires with main, finishes when until (or a once-main) finishes.
  kOrFinally,
  // Never fires; data comes out only at garbage collection (end of window + allowed lateness).
  kNever,
  // Fires at every opportunity (each bundle and each timer); never finishes.
  kAlways,
};

std::string_view to_string(TriggerKind kind);

// One node of the flattened tree. Children of node i follow it directly: the first child is at
// i + 1, each next sibling at previous + previous.subtree_size.
struct TriggerNode {
  TriggerKind kind = TriggerKind::kDefault;
  uint8_t flags = 0;  // kAfterWatermark: kHasEarly / kHasLate
  uint16_t num_children = 0;
  uint32_t subtree_size = 1;  // this node plus all its descendants
  int32_t state_slot = -1;    // index of this node's word in the per-window state, or -1
  int64_t param = 0;          // kAfterCount: n; kAfterProcessingTime: delay

  static constexpr uint8_t kHasEarly = 1;
  static constexpr uint8_t kHasLate = 2;
};

// The state word of an AfterProcessingTime node whose pane has no element yet (no deadline).
inline constexpr Timestamp kNoDeadline = INT64_MAX;

class Trigger {
 public:
  Trigger();  // the default trigger

  TriggerKind kind() const { return root().kind; }
  // kAfterCount: the element count; kAfterProcessingTime: the delay.
  int64_t element_count() const { return root().param; }
  Duration delay() const { return root().param; }
  // The direct subtriggers as standalone triggers (for inspection; copies the subtrees).
  std::vector<Trigger> subtriggers() const;
  // kAfterWatermark only: the (Repeatedly-wrapped) early and late firings.
  std::optional<Trigger> early_firings() const;
  std::optional<Trigger> late_firings() const;

  // Java-style builders; only valid on an AfterWatermark trigger (throw otherwise).
  Trigger with_early_firings(Trigger early) const;
  Trigger with_late_firings(Trigger late) const;

  // Whether the trigger can produce an on-time pane (it contains Default or AfterWatermark).
  bool has_ontime_pane() const { return program_->has_ontime_pane; }
  bool uses_processing_time() const { return program_->uses_processing_time; }

  // The flattened tree and the size of the per-window state (in 64-bit words).
  std::span<const TriggerNode> nodes() const { return program_->nodes; }
  size_t state_size() const { return program_->initial_state.size(); }
  // The per-window state of a window that has seen nothing (one word per stateful node).
  std::span<const int64_t> initial_state() const { return program_->initial_state; }

  std::string to_string() const;  // Python-like: "AfterWatermark(early=AfterCount(2))"
  friend bool operator==(const Trigger& a, const Trigger& b);

  // Builds a node of `kind` over `children` (validated). The factories below are the API.
  static Trigger make(TriggerKind kind, int64_t param, std::vector<Trigger> children,
                      uint8_t flags = 0);

 private:
  struct Program {
    std::vector<TriggerNode> nodes;
    std::vector<int64_t> initial_state;
    bool has_ontime_pane = false;
    bool uses_processing_time = false;
  };
  explicit Trigger(std::shared_ptr<const Program> p) : program_(std::move(p)) {}
  const TriggerNode& root() const { return program_->nodes.front(); }
  Trigger subtree(size_t index) const;

  std::shared_ptr<const Program> program_;
};

// Early and late firings of AfterWatermark; each is wrapped in Repeatedly unless it already is.
struct AfterWatermarkFirings {
  std::optional<Trigger> early = std::nullopt;
  std::optional<Trigger> late = std::nullopt;
};

// Factories, named as in Beam (Python spelling; Java's AfterFirst is AfterAny).
Trigger DefaultTrigger();
Trigger AfterWatermark(AfterWatermarkFirings firings = {});
Trigger AfterCount(int64_t n);                    // n >= 1
Trigger AfterProcessingTime(Duration delay = 0);  // delay >= 0
Trigger Repeatedly(Trigger t);
Trigger AfterEach(std::vector<Trigger> ts);  // at least one
Trigger AfterAny(std::vector<Trigger> ts);   // at least one
Trigger AfterAll(std::vector<Trigger> ts);   // at least one
Trigger OrFinally(Trigger main, Trigger until);
Trigger Never();
Trigger Always();

}  // namespace rill
