#include "windowing/trigger_state.hpp"

#include <algorithm>

namespace rill {

namespace {

// Saturating a + b for deadlines, so that huge delays never wrap around.
Timestamp add_saturated(Timestamp a, Duration b) {
  return a > kNoDeadline - b ? kNoDeadline - 1 : a + b;
}

// One evaluation over the flattened tree. Node semantics follow Beam Python's trigger.py
// (the reference of the conformance transcripts); differences from Beam Java are noted.
class Eval {
 public:
  Eval(std::span<const TriggerNode> nodes, int64_t* words, TriggerContext& ctx)
      : nodes_(nodes), w_(words), ctx_(ctx) {}

  void on_elements(size_t i, int64_t n) {
    const TriggerNode& node = nodes_[i];
    switch (node.kind) {
      case TriggerKind::kDefault:
        ctx_.set_end_of_window_timer = true;
        return;
      case TriggerKind::kAfterWatermark:
        if (is_late(i)) return on_elements(late_child(i), n);
        ctx_.set_end_of_window_timer = true;
        if (node.flags & TriggerNode::kHasEarly) on_elements(i + 1, n);
        return;
      case TriggerKind::kAfterCount:
        w_[node.state_slot] += n;
        return;
      case TriggerKind::kAfterProcessingTime: {
        int64_t& deadline = w_[node.state_slot];
        // The first element of the pane starts the delay.
        if (deadline == kNoDeadline) deadline = add_saturated(ctx_.now, node.param);
        ctx_.processing_timer = std::min(ctx_.processing_timer, deadline);
        return;
      }
      case TriggerKind::kRepeatedly:
        return on_elements(i + 1, n);
      case TriggerKind::kAfterEach: {
        int64_t k = w_[node.state_slot];
        if (k < node.num_children) on_elements(child(i, static_cast<size_t>(k)), n);
        return;
      }
      case TriggerKind::kAfterAny:
      case TriggerKind::kAfterAll:
      case TriggerKind::kOrFinally:
        for_each_child(i, [&](size_t c) { on_elements(c, n); });
        return;
      case TriggerKind::kNever:
      case TriggerKind::kAlways:
        return;
    }
  }

  bool should_fire(size_t i) {
    const TriggerNode& node = nodes_[i];
    switch (node.kind) {
      case TriggerKind::kDefault:
        return watermark_passed_end();
      case TriggerKind::kAfterWatermark:
        if (is_late(i)) return should_fire(late_child(i));
        if (watermark_passed_end()) return true;
        if (node.flags & TriggerNode::kHasEarly) return should_fire(i + 1);
        return false;
      case TriggerKind::kAfterCount:
        return w_[node.state_slot] >= node.param;
      case TriggerKind::kAfterProcessingTime: {
        // Ready once processing time reaches the deadline and stays ready until reset. (Beam
        // Python is ready only while its timer fires; Java requires now > deadline.)
        int64_t deadline = w_[node.state_slot];
        return deadline != kNoDeadline && ctx_.now >= deadline;
      }
      case TriggerKind::kRepeatedly:
        return should_fire(i + 1);
      case TriggerKind::kAfterEach: {
        int64_t k = w_[node.state_slot];
        return k < node.num_children && should_fire(child(i, static_cast<size_t>(k)));
      }
      case TriggerKind::kAfterAny:
      case TriggerKind::kOrFinally: {
        size_t c = i + 1;
        for (uint16_t k = 0; k < node.num_children; ++k, c += nodes_[c].subtree_size)
          if (should_fire(c)) return true;
        return false;
      }
      case TriggerKind::kAfterAll: {
        size_t c = i + 1;
        for (uint16_t k = 0; k < node.num_children; ++k, c += nodes_[c].subtree_size)
          if (!should_fire(c)) return false;
        return true;
      }
      case TriggerKind::kNever:
        return false;
      case TriggerKind::kAlways:
        return true;
    }
    return false;
  }

  // Returns whether the subtree finished.
  bool on_fire(size_t i) {
    const TriggerNode& node = nodes_[i];
    switch (node.kind) {
      case TriggerKind::kDefault:
        return false;
      case TriggerKind::kAfterWatermark: {
        if (is_late(i)) return on_fire(late_child(i));
        bool has_late = node.flags & TriggerNode::kHasLate;
        if (ctx_.watermark >= ctx_.window.end) {  // the on-time firing
          if (has_late) w_[node.state_slot] = 1;  // enter the late phase
          return !has_late;
        }
        if (node.flags & TriggerNode::kHasEarly) on_fire(i + 1);  // re-arms (Repeatedly)
        return false;
      }
      case TriggerKind::kAfterCount:
      case TriggerKind::kAfterProcessingTime:
        return true;
      case TriggerKind::kRepeatedly:
        if (on_fire(i + 1)) reset(i + 1);
        return false;
      case TriggerKind::kAfterEach: {
        int64_t& k = w_[node.state_slot];
        if (k >= node.num_children) return true;
        if (on_fire(child(i, static_cast<size_t>(k)))) ++k;
        return k == node.num_children;
      }
      case TriggerKind::kAfterAny:
      case TriggerKind::kOrFinally: {
        // Fire every ready subtrigger; finished if any of them finished. (Java's AfterFirst
        // always finishes; with once-subtriggers the two agree.)
        bool finished = false;
        for_each_child(i, [&](size_t c) {
          if (should_fire(c)) finished = on_fire(c) || finished;
        });
        return finished;
      }
      case TriggerKind::kAfterAll: {
        bool finished = true;
        for_each_child(i, [&](size_t c) {
          if (should_fire(c)) finished = on_fire(c) && finished;
        });
        return finished;
      }
      case TriggerKind::kNever:
        return false;
      case TriggerKind::kAlways:
        return false;
    }
    return false;
  }

  void reset(size_t i) {
    const TriggerNode& node = nodes_[i];
    switch (node.kind) {
      case TriggerKind::kDefault:
        ctx_.clear_end_of_window_timer = true;
        return;
      case TriggerKind::kAfterCount:
        w_[node.state_slot] = 0;
        return;
      case TriggerKind::kAfterProcessingTime:
        w_[node.state_slot] = kNoDeadline;
        return;
      case TriggerKind::kAfterWatermark:
        if (node.state_slot >= 0) w_[node.state_slot] = 0;
        break;
      case TriggerKind::kAfterEach:
        w_[node.state_slot] = 0;
        break;
      default:
        break;
    }
    for_each_child(i, [&](size_t c) { reset(c); });
  }

 private:
  // The watermark has reached the window's end: the on-time condition (W >= end, i.e.
  // W > max_timestamp). Consumes the end-of-window timer, so late data does not fire twice.
  bool watermark_passed_end() {
    if (ctx_.watermark < ctx_.window.end) return false;
    ctx_.clear_end_of_window_timer = true;
    return true;
  }
  bool is_late(size_t i) const {
    const TriggerNode& node = nodes_[i];
    return node.state_slot >= 0 && w_[node.state_slot] != 0;
  }
  size_t child(size_t i, size_t k) const {
    size_t c = i + 1;
    while (k-- > 0) c += nodes_[c].subtree_size;
    return c;
  }
  size_t late_child(size_t i) const {
    return (nodes_[i].flags & TriggerNode::kHasEarly) ? child(i, 1) : i + 1;
  }
  template <class F>
  void for_each_child(size_t i, F&& f) {
    size_t c = i + 1;
    for (uint16_t k = 0; k < nodes_[i].num_children; ++k) {
      f(c);
      c += nodes_[c].subtree_size;
    }
  }

  std::span<const TriggerNode> nodes_;
  int64_t* w_;
  TriggerContext& ctx_;
};

}  // namespace

void TriggerState::on_elements(const Trigger& t, int64_t n, TriggerContext& ctx) {
  Eval(t.nodes(), words_.data(), ctx).on_elements(0, n);
}

bool TriggerState::should_fire(const Trigger& t, TriggerContext& ctx) {
  return Eval(t.nodes(), words_.data(), ctx).should_fire(0);
}

bool TriggerState::on_fire(const Trigger& t, TriggerContext& ctx) {
  return Eval(t.nodes(), words_.data(), ctx).on_fire(0);
}

void TriggerState::merge_from(const Trigger& t, const TriggerState& other) {
  if (other.words_.empty()) return;  // a released (closed) state carries nothing
  if (words_.empty()) {
    words_ = other.words_;
    return;
  }
  for (const TriggerNode& node : t.nodes()) {
    if (node.state_slot < 0) continue;
    int64_t& into = words_[static_cast<size_t>(node.state_slot)];
    int64_t from = other.words_[static_cast<size_t>(node.state_slot)];
    switch (node.kind) {
      case TriggerKind::kAfterCount:
        into += from;
        break;
      case TriggerKind::kAfterProcessingTime:
        into = std::min(into, from);
        break;
      default:
        into = std::max(into, from);
        break;  // AfterEach index, AfterWatermark late bit
    }
  }
}

}  // namespace rill
