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
    const auto& from = plan.stages.at(static_cast<size_t>(in.from_stage));
    const int senders = from.parallelism;
    input_names_.push_back(from.name);
    const uint32_t base = channel_base(plan, stage, static_cast<int>(i));
    channels_.resize(base + static_cast<uint32_t>(senders));
    for (int s = 0; s < senders; ++s) {
      auto& c = channels_[base + static_cast<uint32_t>(s)];
      c.input = static_cast<int>(i);
      c.from_partition = s;
      c.active = in.kind != EdgeKind::kForward || s == partition;
      if (c.active) ++active_;
    }
  }
}

std::string InputChannels::describe(uint32_t channel) const {
  const auto& c = channels_.at(channel);
  return "the channel from " + input_names_.at(static_cast<size_t>(c.input)) + " p" +
         std::to_string(c.from_partition);
}

std::string InputChannels::take_sequence(uint32_t channel, uint64_t seq, uint64_t count) {
  auto& c = channels_.at(channel);
  if (seq == c.received) {
    c.received += count;
    return {};
  }
  return "batch " + std::to_string(seq) + " on " + describe(channel) + " arrived where " +
         std::to_string(c.received) + " was expected: a batch was " +
         (seq > c.received ? "lost" : "duplicated") + " or reordered on the way";
}

std::string InputChannels::check_sent(uint32_t channel, uint64_t sent) const {
  const auto& c = channels_.at(channel);
  if (sent == c.received) return {};
  return describe(channel) + " sent " + std::to_string(sent) + " batches and " +
         std::to_string(c.received) + " arrived: a batch was " +
         (sent > c.received ? "lost or is overtaken" : "duplicated") + " on the way";
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
