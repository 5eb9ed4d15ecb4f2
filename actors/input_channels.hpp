#pragma once
// The receiving side of a partition's channels: per channel its watermark, whether it has
// ended, and the credit we owe its sender. Watermark rule: the partition's input watermark
// is the minimum over its channels' watermarks (an ended channel counts as the end of time).
// Credit rule: a processed batch earns its sender one credit back, returned only while our
// own output backlog is below its cap, so a slow consumer downstream stalls this channel's
// sender. Bound: per channel at most `channel_credits` batches are in flight; a partition's
// output backlog is at most cap + (credits in flight x output batches per input batch).
#include <caf/all.hpp>
#include <string>
#include <vector>

#include "actors/messages.hpp"
#include "graph/execution_plan.hpp"

namespace rill {

class InputChannels {
 public:
  // Channel ids: for input i, base(i) + sending partition. Forward inputs use one channel.
  InputChannels(const ExecutionPlan& plan, const StagePlan& stage, int partition);

  static uint32_t channel_base(const ExecutionPlan& plan, const StagePlan& stage, int input);

  uint32_t channels() const { return static_cast<uint32_t>(channels_.size()); }
  int input_of(uint32_t channel) const { return channels_.at(channel).input; }
  bool known(uint32_t channel) const {
    return channel < channels_.size() && channels_[channel].active;
  }

  // Sequence rule (messages.hpp): "" when batches seq .. seq+count-1 are the next the channel
  // expects (they are counted), else what went wrong, naming the channel.
  std::string take_sequence(uint32_t channel, uint64_t seq, uint64_t count);
  // "" when the sender's count of batches sent (on a watermark, barrier or end) matches ours.
  std::string check_sent(uint32_t channel, uint64_t sent) const;
  // A batch arrived on `channel` from `sender`, which wants credit back on `reply_slot`.
  void on_batch(uint32_t channel, caf::actor sender, uint32_t reply_slot);
  void on_watermark(uint32_t channel, Timestamp wm) { channels_.at(channel).wm = wm; }
  void on_eos(uint32_t channel);
  // Returns the credit owed on every channel.
  void grant_credit(caf::event_based_actor* self);

  Timestamp watermark() const;
  // The watermark of one input (the minimum over its channels).
  Timestamp input_watermark(int input) const;
  int inputs() const { return inputs_; }
  bool all_ended() const { return ended_ == active_; }
  bool empty() const { return active_ == 0; }
  int64_t max_outstanding() const { return max_outstanding_; }

 private:
  struct Channel {
    bool active = false;
    int input = -1;
    Timestamp wm = kMinTimestamp;
    bool ended = false;
    caf::actor sender;
    uint32_t reply_slot = 0;
    int32_t owed = 0;         // processed batches not yet credited back
    int64_t outstanding = 0;  // received and not yet credited back
    uint64_t received = 0;    // batches received (their sequence numbers: 0 .. received-1)
    int from_partition = 0;
  };
  std::string describe(uint32_t channel) const;
  std::vector<std::string> input_names_;  // the sending stage of each input
  std::vector<Channel> channels_;
  int active_ = 0, ended_ = 0, inputs_ = 0;
  int64_t max_outstanding_ = 0;
};

}  // namespace rill
