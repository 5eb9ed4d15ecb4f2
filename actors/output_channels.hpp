#pragma once
// The sending side of a partition's outgoing channels, with credit-based flow control.
// Each (edge, receiver) pair is a slot with a credit count (batches the receiver still
// accepts) and a FIFO of items waiting for credit. Watermarks and end-of-stream markers
// queue behind the batches they follow, so they never overtake data; only batches cost
// credit. A batch for a receiver in another process is encoded with the edge's coder and sent
// as bytes (rbatch); credits, watermarks, barriers and end-of-stream are the same messages
// everywhere,
// so flow control bounds memory across processes too. Lifetime: created when the partition starts,
// with `initial_credit` per slot; lives until the partition ends.
// Each slot numbers its batches (messages.hpp's sequence rule). Injected channel faults
// (exec/partition_faults.hpp) act here, on the batch at the head of a slot: delay holds the
// slot (order kept), drop skips the batch, duplicate sends it twice, reorder sends it after
// the next one; a network cut holds every slot to the cut node.
#include <caf/all.hpp>
#include <chrono>
#include <deque>
#include <optional>
#include <variant>
#include <vector>

#include "actors/messages.hpp"
#include "exec/partition_faults.hpp"
#include "graph/channel_sink.hpp"
#include "graph/execution_plan.hpp"
#include "graph/type_ops.hpp"

namespace rill {

struct OutputRoute {
  std::vector<caf::actor> receivers;  // the receiving stage's partitions
  EdgeKind kind = EdgeKind::kForward;
  uint32_t channel_base = 0;      // first channel id of this edge at the receivers
  const TypeOps* type = nullptr;  // the edge's element type: encodes batches for other nodes
};

class OutputChannels final : public ChannelSink {
 public:
  OutputChannels(caf::event_based_actor* self, std::vector<OutputRoute> routes, int partition,
                 int initial_credit);
  // Arms the channel faults `faults` holds for this partition; what fires is reported to
  // `job` (fault_atom) before it acts.
  void arm_faults(const PartitionFaults& faults, caf::actor job);
  // A network cut: items for partitions on `node` wait until `until`.
  void cut(const caf::node_id& node, std::chrono::steady_clock::time_point until);
  // (wake_atom) arrived: held slots whose time has come go on.
  void wake();

  void send(int edge, int dest, BatchPtr batch) override;
  void broadcast_watermark(Timestamp wm);
  void broadcast_eos();
  // A checkpoint barrier on every channel, behind what is queued (costs no credit).
  void broadcast_barrier(uint64_t checkpoint);
  void add_credit(uint32_t slot, int32_t n);

  int64_t queued_batches() const { return queued_batches_; }
  int64_t max_queued_batches() const { return max_queued_; }
  bool idle() const { return queued_items_ == 0; }

 private:
  struct Eos {};
  struct Barrier {
    uint64_t checkpoint = 0;
  };
  using Item = std::variant<BatchPtr, Timestamp, Eos, Barrier>;
  struct Slot {
    caf::actor receiver;
    uint32_t channel = 0;  // our channel id at the receiver
    int32_t credit = 0;
    std::deque<Item> queue;
    const TypeOps* encode = nullptr;  // set when the receiver lives in another process
    int output = 0, dest = 0;         // the edge (StageOutput index) and receiving partition
    uint64_t seq = 0;                 // batches sent (or lost to a fault) so far
    // Faults (tests only): the slot's channel faults, and the state they leave.
    std::vector<ChannelFault> faults;
    std::chrono::steady_clock::time_point held_until{};  // delay or cut: nothing goes before
    bool head_delayed = false;                           // the head batch was delayed once already
    std::optional<std::pair<uint64_t, BatchPtr>> overtaken;  // reorder: goes after the next
  };

  void push(uint32_t slot, Item item);
  void drain(uint32_t slot);
  void drain_remote(uint32_t slot);
  bool transmit(uint32_t slot, Item& item);  // false when it needs credit (or is held)
  bool held(Slot& s);
  void send_batch(Slot& s, uint32_t slot, uint64_t seq, BatchPtr b);
  // What injected faults do to the head batch of a slot.
  enum class Fate { kSend, kHold, kDrop, kDuplicate, kOvertake };
  Fate fate_of(uint32_t slot);
  void hold(uint32_t slot, std::chrono::steady_clock::time_point until);

  caf::event_based_actor* self_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> edge_first_slot_;
  std::vector<bool> edge_forward_;
  int64_t queued_batches_ = 0, queued_items_ = 0, max_queued_ = 0;
  caf::actor fault_report_;  // the job, when faults are armed
  std::string where_;        // "Stage p3", for the fault reports
  bool wake_pending_ = false;
  std::chrono::steady_clock::time_point wake_at_{};
};

}  // namespace rill
