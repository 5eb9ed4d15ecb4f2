#include "actors/output_channels.hpp"

#include <optional>

namespace rill {

OutputChannels::OutputChannels(caf::event_based_actor* self, std::vector<OutputRoute> routes,
                               int partition, int initial_credit)
    : self_(self) {
  for (auto& r : routes) {
    edge_first_slot_.push_back(static_cast<uint32_t>(slots_.size()));
    const bool forward = r.kind == EdgeKind::kForward;
    edge_forward_.push_back(forward);
    const auto my_channel = r.channel_base + static_cast<uint32_t>(partition);
    auto add = [&](const caf::actor& rcv) {
      const bool remote = rcv.node() != self->node();
      if (remote && (r.type == nullptr || !r.type->serializable()))
        throw std::logic_error("rill: a batch must cross processes but its type has no coder");
      slots_.push_back(Slot{rcv, my_channel, initial_credit, {}, remote ? r.type : nullptr});
    };
    if (forward) {
      add(r.receivers.at(static_cast<size_t>(partition)));
    } else {
      for (auto& rcv : r.receivers) add(rcv);
    }
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
  if (s.encode) return drain_remote(slot);
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
      self_->send(s.receiver, rbatch_atom::value, s.channel, slot, std::move(parts));
    }
    if (wm) self_->send(s.receiver, wm_atom::value, s.channel, *wm);
  }
}

bool OutputChannels::transmit(uint32_t slot, Item& item) {
  Slot& s = slots_[slot];
  if (auto* b = std::get_if<BatchPtr>(&item)) {
    if (s.credit <= 0) return false;
    --s.credit;
    if (s.encode)
      self_->send(s.receiver, rbatch_atom::value, s.channel, slot,
                  std::vector<std::string>{s.encode->encode_batch(**b)});
    else
      self_->send(s.receiver, batch_atom::value, s.channel, slot, BatchEnvelope{std::move(*b)});
  } else if (auto* wm = std::get_if<Timestamp>(&item)) {
    self_->send(s.receiver, wm_atom::value, s.channel, *wm);
  } else if (auto* b = std::get_if<Barrier>(&item)) {
    self_->send(s.receiver, barrier_atom::value, s.channel, b->checkpoint);
  } else {
    self_->send(s.receiver, eos_atom::value, s.channel);
  }
  return true;
}

}  // namespace rill
