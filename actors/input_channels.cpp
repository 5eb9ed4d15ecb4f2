#include "actors/input_channels.hpp"

namespace rill {

uint32_t InputChannels::channel_base(const ExecutionPlan& plan, const StagePlan& stage, int input) {
  uint32_t base = 0;
  for (int i = 0; i < input; ++i)
    base += static_cast<uint32_t>(
        plan.stages.at(static_cast<size_t>(stage.inputs[static_cast<size_t>(i)].from_stage))
            .parallelism);
  return base;
}

InputChannels::InputChannels(const ExecutionPlan& plan, const StagePlan& stage, int partition)
    : inputs_(static_cast<int>(stage.inputs.size())) {
  for (size_t i = 0; i < stage.inputs.size(); ++i) {
    const auto& in = stage.inputs[i];
    const int senders = plan.stages.at(static_cast<size_t>(in.from_stage)).parallelism;
    const uint32_t base = channel_base(plan, stage, static_cast<int>(i));
    channels_.resize(base + static_cast<uint32_t>(senders));
    for (int s = 0; s < senders; ++s) {
      auto& c = channels_[base + static_cast<uint32_t>(s)];
      c.input = static_cast<int>(i);
      c.active = in.kind != EdgeKind::kForward || s == partition;
      if (c.active) ++active_;
    }
  }
}

void InputChannels::on_batch(uint32_t channel, caf::actor sender, uint32_t reply_slot) {
  auto& c = channels_.at(channel);
  if (!c.sender) {
    c.sender = std::move(sender);
    c.reply_slot = reply_slot;
  }
  ++c.owed;
  ++c.outstanding;
  max_outstanding_ = std::max(max_outstanding_, c.outstanding);
}

void InputChannels::on_eos(uint32_t channel) {
  auto& c = channels_.at(channel);
  if (!c.ended) {
    c.ended = true;
    c.wm = kMaxTimestamp;
    ++ended_;
  }
}

void InputChannels::grant_credit(caf::event_based_actor* self) {
  for (auto& c : channels_) {
    if (c.owed == 0 || c.ended) continue;
    self->send(c.sender, credit_atom::value, c.reply_slot, c.owed);
    c.outstanding -= c.owed;
    c.owed = 0;
  }
}

Timestamp InputChannels::watermark() const {
  Timestamp wm = kMaxTimestamp;
  for (const auto& c : channels_)
    if (c.active) wm = std::min(wm, c.wm);
  return wm;
}

}  // namespace rill

namespace rill {

Timestamp InputChannels::input_watermark(int input) const {
  Timestamp wm = kMaxTimestamp;
  for (const auto& c : channels_)
    if (c.active && c.input == input) wm = std::min(wm, c.wm);
  return wm;
}

}  // namespace rill
