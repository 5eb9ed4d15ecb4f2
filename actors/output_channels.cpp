#include "actors/output_channels.hpp"

#include <optional>

namespace rill {

using Clock = std::chrono::steady_clock;

OutputChannels::OutputChannels(caf::event_based_actor* self, std::vector<OutputRoute> routes,
                               int partition, int initial_credit)
    : self_(self) {
  int output = 0;
  for (auto& r : routes) {
    edge_first_slot_.push_back(static_cast<uint32_t>(slots_.size()));
    const bool forward = r.kind == EdgeKind::kForward;
    edge_forward_.push_back(forward);
    const auto my_channel = r.channel_base + static_cast<uint32_t>(partition);
    auto add = [&](const caf::actor& rcv, int dest) {
      const bool remote = rcv.node() != self->node();
      if (remote && (r.type == nullptr || !r.type->serializable()))
        throw std::logic_error("rill: a batch must cross processes but its type has no coder");
      Slot s;
      s.receiver = rcv;
      s.channel = my_channel;
      s.credit = initial_credit;
      s.encode = remote ? r.type : nullptr;
      s.output = output;
      s.dest = dest;
      slots_.push_back(std::move(s));
    };
    if (forward) {
      add(r.receivers.at(static_cast<size_t>(partition)), partition);
    } else {
      for (size_t d = 0; d < r.receivers.size(); ++d) add(r.receivers[d], static_cast<int>(d));
    }
    ++output;
  }
}

void OutputChannels::arm_faults(const PartitionFaults& faults, caf::actor job) {
  where_ = faults.where();
  for (uint32_t i = 0; i < slots_.size(); ++i) {
    slots_[i].faults = faults.channel_faults(slots_[i].output, slots_[i].dest, i);
    if (!slots_[i].faults.empty()) fault_report_ = job;
  }
}

void OutputChannels::send(int edge, int dest, BatchPtr batch) {
  const auto e = static_cast<size_t>(edge);
  const uint32_t slot = edge_first_slot_[e] + (edge_forward_[e] ? 0 : static_cast<uint32_t>(dest));
  push(slot, Item{std::move(batch)});
}

void OutputChannels::broadcast_watermark(Timestamp wm) {
  for (uint32_t s = 0; s < slots_.size(); ++s) push(s, Item{wm});
}

void OutputChannels::broadcast_eos() {
  for (uint32_t s = 0; s < slots_.size(); ++s) push(s, Item{Eos{}});
}

void OutputChannels::broadcast_barrier(uint64_t checkpoint) {
  for (uint32_t s = 0; s < slots_.size(); ++s) push(s, Item{Barrier{checkpoint}});
}

void OutputChannels::add_credit(uint32_t slot, int32_t n) {
  if (slot >= slots_.size()) return;
  slots_[slot].credit += n;
  drain(slot);
}

void OutputChannels::cut(const caf::node_id& node, Clock::time_point until) {
  for (uint32_t s = 0; s < slots_.size(); ++s)
    if (slots_[s].receiver.node() == node) hold(s, until);
}

void OutputChannels::hold(uint32_t slot, Clock::time_point until) {
  Slot& s = slots_[slot];
  s.held_until = std::max(s.held_until, until);
  if (wake_pending_ && wake_at_ <= until) return;  // an earlier wake re-arms for this one
  wake_pending_ = true;
  wake_at_ = until;
  self_->delayed_send(self_, std::max(Clock::duration::zero(), until - self_->clock().now()),
                      wake_atom::value);
}

void OutputChannels::wake() {
  wake_pending_ = false;
  const auto now = self_->clock().now();
  for (uint32_t s = 0; s < slots_.size(); ++s) {
    Slot& sl = slots_[s];
    if (sl.held_until == Clock::time_point{}) continue;
    if (sl.held_until > now) {
      hold(s, sl.held_until);
      continue;
    }
    sl.held_until = {};
    drain(s);
  }
}

bool OutputChannels::held(Slot& s) {
  if (s.held_until == Clock::time_point{}) return false;
  if (self_->clock().now() < s.held_until) return true;
  s.held_until = {};
  return false;
}

void OutputChannels::push(uint32_t slot, Item item) {
  Slot& s = slots_[slot];
  if (s.queue.empty() && transmit(slot, item)) return;
  if (std::holds_alternative<BatchPtr>(item)) {
    ++queued_batches_;
    max_queued_ = std::max(max_queued_, queued_batches_);
  }
  ++queued_items_;
  s.queue.push_back(std::move(item));
}

void OutputChannels::drain(uint32_t slot) {
  Slot& s = slots_[slot];
  if (s.encode && s.faults.empty() && s.held_until == Clock::time_point{})
    return drain_remote(slot);
  while (!s.queue.empty()) {
    const bool is_batch = std::holds_alternative<BatchPtr>(s.queue.front());
    if (!transmit(slot, s.queue.front())) return;
    s.queue.pop_front();
    --queued_items_;
    if (is_batch) --queued_batches_;
  }
}

// Across processes a message costs a network round trip of credit (~0.3 ms), so what waits
// in the queue goes out together: every queued batch up to the next end-of-stream (at most
// kMaxParts) in one message for one credit, then the latest watermark among them. Sending a
// watermark later than its position only delays it; a later one supersedes it. Memory stays
// bounded: the queue itself is capped by the partition's backlog limit.
void OutputChannels::drain_remote(uint32_t slot) {
  constexpr size_t kMaxParts = 64;
  Slot& s = slots_[slot];
  while (!s.queue.empty()) {
    if (std::holds_alternative<Eos>(s.queue.front()) ||
        std::holds_alternative<Barrier>(s.queue.front())) {
      if (!transmit(slot, s.queue.front())) return;
      s.queue.pop_front();
      --queued_items_;
      continue;
    }
    if (s.credit <= 0 && std::holds_alternative<BatchPtr>(s.queue.front())) return;
    std::vector<std::string> parts;
    std::optional<Timestamp> wm;
    while (!s.queue.empty() && parts.size() < kMaxParts) {
      Item& it = s.queue.front();
      if (auto* b = std::get_if<BatchPtr>(&it)) {
        if (s.credit <= 0) break;
        parts.push_back(s.encode->encode_batch(**b));
        --queued_batches_;
      } else if (auto* w = std::get_if<Timestamp>(&it)) {
        wm = *w;
      } else {
        break;  // end-of-stream or a barrier: after what we have
      }
      s.queue.pop_front();
      --queued_items_;
    }
    if (!parts.empty()) {
      --s.credit;
      const uint64_t first = s.seq;
      s.seq += parts.size();
      self_->send(s.receiver, rbatch_atom::value, s.channel, slot, first, std::move(parts));
    }
    if (wm) self_->send(s.receiver, wm_atom::value, s.channel, *wm, s.seq);
  }
}

void OutputChannels::send_batch(Slot& s, uint32_t slot, uint64_t seq, BatchPtr b) {
  if (s.encode)
    self_->send(s.receiver, rbatch_atom::value, s.channel, slot, seq,
                std::vector<std::string>{s.encode->encode_batch(*b)});
  else
    self_->send(s.receiver, batch_atom::value, s.channel, slot, seq, BatchEnvelope{std::move(b)});
}

// Each armed fault rolls its own dice for the head batch (a delayed batch is not delayed
// again); the first that hits decides. A destructive fault fires once.
OutputChannels::Fate OutputChannels::fate_of(uint32_t slot) {
  Slot& s = slots_[slot];
  for (auto& f : s.faults) {
    if (f.spent) continue;
    const auto kind = f.fault.kind;
    if (kind == testing::FaultKind::kDelay && s.head_delayed) continue;
    if (kind == testing::FaultKind::kReorder && s.overtaken) continue;
    if (!f.dice.roll(f.fault.p)) continue;
    if (!f.fault.lasting() || !f.reported)
      self_->send(fault_report_, fault_atom::value, static_cast<int32_t>(f.index),
                  f.fault.text() + ": batch " + std::to_string(s.seq) + " from " + where_ +
                      " to partition " + std::to_string(s.dest),
                  f.fault.lasting());
    f.reported = true;
    if (!f.fault.lasting()) f.spent = true;
    switch (kind) {
      case testing::FaultKind::kDelay:
        s.head_delayed = true;
        hold(slot, self_->clock().now() + std::chrono::milliseconds(f.fault.ms));
        return Fate::kHold;
      case testing::FaultKind::kDrop:
        return Fate::kDrop;
      case testing::FaultKind::kDuplicate:
        return Fate::kDuplicate;
      default:
        return Fate::kOvertake;
    }
  }
  return Fate::kSend;
}

bool OutputChannels::transmit(uint32_t slot, Item& item) {
  Slot& s = slots_[slot];
  if (held(s)) return false;
  if (auto* b = std::get_if<BatchPtr>(&item)) {
    if (s.credit <= 0) return false;
    const Fate fate = s.faults.empty() ? Fate::kSend : fate_of(slot);
    if (fate == Fate::kHold) return false;
    s.head_delayed = false;
    --s.credit;
    const uint64_t seq = s.seq++;
    switch (fate) {
      case Fate::kDrop:
        break;  // lost: the receiver sees the gap in the numbers
      case Fate::kDuplicate:
        send_batch(s, slot, seq, *b);
        send_batch(s, slot, seq, *b);
        break;
      case Fate::kOvertake:  // goes after whatever comes next
        s.overtaken.emplace(seq, std::move(*b));
        return true;
      default:
        send_batch(s, slot, seq, std::move(*b));
    }
  } else if (auto* wm = std::get_if<Timestamp>(&item)) {
    self_->send(s.receiver, wm_atom::value, s.channel, *wm, s.seq);
  } else if (auto* b = std::get_if<Barrier>(&item)) {
    self_->send(s.receiver, barrier_atom::value, s.channel, b->checkpoint, s.seq);
  } else {
    self_->send(s.receiver, eos_atom::value, s.channel, s.seq);
  }
  if (s.overtaken) {
    auto [seq, batch] = std::move(*s.overtaken);
    s.overtaken.reset();
    send_batch(s, slot, seq, std::move(batch));
  }
  return true;
}

}  // namespace rill
