#include "windowing/trigger.hpp"

#include <stdexcept>

namespace rill {

std::string_view to_string(TriggerKind kind) {
  switch (kind) {
    case TriggerKind::kDefault:
      return "Default";
    case TriggerKind::kAfterWatermark:
      return "AfterWatermark";
    case TriggerKind::kAfterCount:
      return "AfterCount";
    case TriggerKind::kAfterProcessingTime:
      return "AfterProcessingTime";
    case TriggerKind::kRepeatedly:
      return "Repeatedly";
    case TriggerKind::kAfterEach:
      return "AfterEach";
    case TriggerKind::kAfterAny:
      return "AfterAny";
    case TriggerKind::kAfterAll:
      return "AfterAll";
    case TriggerKind::kOrFinally:
      return "OrFinally";
    case TriggerKind::kNever:
      return "Never";
    case TriggerKind::kAlways:
      return "Always";
  }
  return "?";
}

namespace {

bool is_stateful(const TriggerNode& n) {
  switch (n.kind) {
    case TriggerKind::kAfterCount:
    case TriggerKind::kAfterProcessingTime:
    case TriggerKind::kAfterEach:
      return true;
    case TriggerKind::kAfterWatermark:
      return (n.flags & TriggerNode::kHasLate) != 0;
    default:
      return false;
  }
}

// Whether the subtree at nodes[i] can produce an on-time pane.
bool subtree_has_ontime_pane(const std::vector<TriggerNode>& nodes, size_t i) {
  const TriggerNode& n = nodes[i];
  if (n.kind == TriggerKind::kDefault || n.kind == TriggerKind::kAfterWatermark) return true;
  size_t child = i + 1;
  for (uint16_t k = 0; k < n.num_children; ++k) {
    if (subtree_has_ontime_pane(nodes, child)) return true;
    child += nodes[child].subtree_size;
  }
  return false;
}

// Numbers the stateful nodes in pre-order and derives the program-wide flags.
template <class Program>
void assign_state_slots(Program& p) {
  p.initial_state.clear();
  for (TriggerNode& n : p.nodes) {
    n.state_slot = -1;
    if (is_stateful(n)) {
      n.state_slot = static_cast<int32_t>(p.initial_state.size());
      p.initial_state.push_back(n.kind == TriggerKind::kAfterProcessingTime ? kNoDeadline : 0);
    }
    if (n.kind == TriggerKind::kAfterProcessingTime) p.uses_processing_time = true;
  }
  p.has_ontime_pane = subtree_has_ontime_pane(p.nodes, 0);
}

size_t expected_children(TriggerKind kind, uint8_t flags) {
  switch (kind) {
    case TriggerKind::kRepeatedly:
      return 1;
    case TriggerKind::kOrFinally:
      return 2;
    case TriggerKind::kAfterWatermark:
      return ((flags & TriggerNode::kHasEarly) ? 1 : 0) + ((flags & TriggerNode::kHasLate) ? 1 : 0);
    default:
      return 0;
  }
}

void append_subtree_string(std::span<const TriggerNode> nodes, size_t i, std::string& out);

void append_children(std::span<const TriggerNode> nodes, size_t i, std::string& out) {
  size_t child = i + 1;
  for (uint16_t k = 0; k < nodes[i].num_children; ++k) {
    if (k > 0) out += ", ";
    append_subtree_string(nodes, child, out);
    child += nodes[child].subtree_size;
  }
}

void append_subtree_string(std::span<const TriggerNode> nodes, size_t i, std::string& out) {
  const TriggerNode& n = nodes[i];
  out += to_string(n.kind);
  switch (n.kind) {
    case TriggerKind::kAfterCount:
    case TriggerKind::kAfterProcessingTime:
      out += "(" + std::to_string(n.param) + ")";
      return;
    case TriggerKind::kAfterWatermark: {
      if (n.num_children == 0) return;
      out += "(";
      size_t child = i + 1;
      for (uint16_t k = 0; k < n.num_children; ++k) {
        bool early = k == 0 && (n.flags & TriggerNode::kHasEarly);
        if (k > 0) out += ", ";
        out += early ? "early=" : "late=";
        // Early/late firings are always Repeatedly(...); print what the user wrote inside it.
        append_subtree_string(nodes, child + 1, out);
        child += nodes[child].subtree_size;
      }
      out += ")";
      return;
    }
    case TriggerKind::kRepeatedly:
    case TriggerKind::kAfterEach:
    case TriggerKind::kAfterAny:
    case TriggerKind::kAfterAll:
    case TriggerKind::kOrFinally:
      out += "(";
      append_children(nodes, i, out);
      out += ")";
      return;
    default:
      return;
  }
}

}  // namespace

Trigger Trigger::make(TriggerKind kind, int64_t param, std::vector<Trigger> children,
                      uint8_t flags) {
  bool variadic = kind == TriggerKind::kAfterEach || kind == TriggerKind::kAfterAny ||
                  kind == TriggerKind::kAfterAll;
  if (variadic) {
    if (children.empty())
      throw std::invalid_argument(std::string(rill::to_string(kind)) +
                                  " needs at least one subtrigger");
  } else if (children.size() != expected_children(kind, flags)) {
    throw std::invalid_argument(std::string(rill::to_string(kind)) + " takes " +
                                std::to_string(expected_children(kind, flags)) + " subtrigger(s)");
  }
  if (children.size() > UINT16_MAX) throw std::invalid_argument("too many subtriggers");

  auto p = std::make_shared<Program>();
  TriggerNode root;
  root.kind = kind;
  root.flags = flags;
  root.param = param;
  root.num_children = static_cast<uint16_t>(children.size());
  p->nodes.push_back(root);
  for (const Trigger& c : children)
    p->nodes.insert(p->nodes.end(), c.program_->nodes.begin(), c.program_->nodes.end());
  if (p->nodes.size() > UINT32_MAX) throw std::invalid_argument("trigger tree too large");
  p->nodes.front().subtree_size = static_cast<uint32_t>(p->nodes.size());

  assign_state_slots(*p);
  return Trigger(std::move(p));
}

Trigger::Trigger() {
  static const std::shared_ptr<const Program> kDefault =
      make(TriggerKind::kDefault, 0, {}).program_;
  program_ = kDefault;
}

Trigger Trigger::subtree(size_t index) const {
  auto p = std::make_shared<Program>();
  const auto& all = program_->nodes;
  p->nodes.assign(all.begin() + static_cast<ptrdiff_t>(index),
                  all.begin() + static_cast<ptrdiff_t>(index + all[index].subtree_size));
  assign_state_slots(*p);
  return Trigger(std::move(p));
}

std::vector<Trigger> Trigger::subtriggers() const {
  std::vector<Trigger> out;
  size_t child = 1;
  for (uint16_t k = 0; k < root().num_children; ++k) {
    out.push_back(subtree(child));
    child += program_->nodes[child].subtree_size;
  }
  return out;
}

std::optional<Trigger> Trigger::early_firings() const {
  if (kind() != TriggerKind::kAfterWatermark || !(root().flags & TriggerNode::kHasEarly))
    return std::nullopt;
  return subtree(1);
}

std::optional<Trigger> Trigger::late_firings() const {
  if (kind() != TriggerKind::kAfterWatermark || !(root().flags & TriggerNode::kHasLate))
    return std::nullopt;
  size_t i = 1;
  if (root().flags & TriggerNode::kHasEarly) i += program_->nodes[1].subtree_size;
  return subtree(i);
}

Trigger Trigger::with_early_firings(Trigger early) const {
  if (kind() != TriggerKind::kAfterWatermark)
    throw std::invalid_argument("with_early_firings: not an AfterWatermark trigger");
  return AfterWatermark({.early = std::move(early), .late = late_firings()});
}

Trigger Trigger::with_late_firings(Trigger late) const {
  if (kind() != TriggerKind::kAfterWatermark)
    throw std::invalid_argument("with_late_firings: not an AfterWatermark trigger");
  return AfterWatermark({.early = early_firings(), .late = std::move(late)});
}

std::string Trigger::to_string() const {
  std::string out;
  append_subtree_string(program_->nodes, 0, out);
  return out;
}

bool operator==(const Trigger& a, const Trigger& b) {
  if (a.program_ == b.program_) return true;
  const auto& x = a.program_->nodes;
  const auto& y = b.program_->nodes;
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i].kind != y[i].kind || x[i].flags != y[i].flags ||
        x[i].num_children != y[i].num_children || x[i].param != y[i].param)
      return false;
  }
  return true;
}

Trigger DefaultTrigger() {
  return Trigger();
}

Trigger AfterWatermark(AfterWatermarkFirings firings) {
  std::vector<Trigger> children;
  uint8_t flags = 0;
  auto wrap = [](Trigger t) {
    return t.kind() == TriggerKind::kRepeatedly ? t : Repeatedly(std::move(t));
  };
  if (firings.early) {
    flags |= TriggerNode::kHasEarly;
    children.push_back(wrap(std::move(*firings.early)));
  }
  if (firings.late) {
    flags |= TriggerNode::kHasLate;
    children.push_back(wrap(std::move(*firings.late)));
  }
  return Trigger::make(TriggerKind::kAfterWatermark, 0, std::move(children), flags);
}

Trigger AfterCount(int64_t n) {
  if (n < 1)
    throw std::invalid_argument("AfterCount: count must be >= 1, got " + std::to_string(n));
  return Trigger::make(TriggerKind::kAfterCount, n, {});
}

Trigger AfterProcessingTime(Duration delay) {
  if (delay < 0)
    throw std::invalid_argument("AfterProcessingTime: delay must be >= 0, got " +
                                std::to_string(delay));
  return Trigger::make(TriggerKind::kAfterProcessingTime, delay, {});
}

Trigger Repeatedly(Trigger t) {
  return Trigger::make(TriggerKind::kRepeatedly, 0, {std::move(t)});
}
Trigger AfterEach(std::vector<Trigger> ts) {
  return Trigger::make(TriggerKind::kAfterEach, 0, std::move(ts));
}
Trigger AfterAny(std::vector<Trigger> ts) {
  return Trigger::make(TriggerKind::kAfterAny, 0, std::move(ts));
}
Trigger AfterAll(std::vector<Trigger> ts) {
  return Trigger::make(TriggerKind::kAfterAll, 0, std::move(ts));
}
Trigger OrFinally(Trigger main, Trigger until) {
  return Trigger::make(TriggerKind::kOrFinally, 0, {std::move(main), std::move(until)});
}
Trigger Never() {
  return Trigger::make(TriggerKind::kNever, 0, {});
}
Trigger Always() {
  return Trigger::make(TriggerKind::kAlways, 0, {});
}

}  // namespace rill
