// StageActor: one partition of a fused stage (or of a sink, or of the keyed side of a
// shuffle). It runs its StageProgram on each arriving batch, forwards watermarks, and
// returns credit upstream only while its own output backlog is small.
#include <chrono>

#include "actors/input_channels.hpp"
#include "actors/partition.hpp"

namespace rill {
namespace {

using Self = caf::stateful_actor<StageActorState>;

FlowStats flow_of(Self* self) {
  FlowStats f;
  f.max_channel_inflight = self->state.in->max_outstanding();
  return f;
}

void grant_if_room(Self* self) {
  auto& core = self->state.core;
  if (core.can_take_more()) self->state.in->grant_credit(self);
  core.note_blocked(PartitionActivity::Clock::now());
}

void advance_watermark(Self* self) {
  auto& st = self->state;
  // Per input first: a side input's watermark may complete side windows even while the
  // stage's watermark (the minimum over all inputs) stays where it is.
  for (int i = 0; i < st.in->inputs(); ++i) {
    const Timestamp w = st.in->input_watermark(i);
    auto& last = st.input_wms[static_cast<size_t>(i)];
    if (w <= last || w == kMaxTimestamp) continue;  // the end is handled by finish()
    last = w;
    if (!st.core.guarded(self, [&] {
          st.core.program->on_input_watermark(i, w);
          st.core.program->flush();
        }))
      return;
  }
  const Timestamp wm = st.in->watermark();
  if (wm <= st.in_wm || st.in->all_ended()) return;  // the end is handled by finish()
  st.in_wm = wm;
  if (st.core.guarded(self,
                      [&] {
                        st.core.program->on_watermark(wm);
                        st.core.program->flush();
                      }) &&
      st.core.crash_if_due(self))
    st.core.forward_watermark(wm);
}

Timestamp wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Arms a tick for the operators' earliest processing-time timer, if it is new and earlier.
void schedule_tick(Self* self) {
  auto& st = self->state;
  if (st.core.stopped || st.core.finished) return;
  const Timestamp due = st.core.program->next_processing_timer();
  if (due >= st.tick_due) return;
  st.tick_due = due;
  const auto delay = std::chrono::milliseconds(std::max<Timestamp>(0, due - wall_clock_ms()));
  self->delayed_send(self, delay, ptimer_atom::value, ++st.tick_gen);
}

// Processes one batch taken from the input order (decoding it if it came from another
// process). False when that failed (reported; we stopped).
bool process_batch(Self* self, uint32_t channel, PendingBatch& pb) {
  auto& st = self->state;
  if (pb.sender) st.in->on_batch(channel, std::move(pb.sender), pb.reply_slot);
  const int input = st.in->input_of(channel);
  size_t n = 0;
  if (!st.core.guarded(self, [&] {
        if (pb.batch) {
          n = pb.batch->size();
          return st.core.program->push(input, *pb.batch);
        }
        const TypeOps& type =
            *st.core.args.graph
                 ->collection(st.stage->inputs.at(static_cast<size_t>(input)).collection)
                 .type;
        auto batch = type.decode_batch(pb.encoded);
        n = batch->size();
        st.core.program->push(input, *batch);
      }))
    return false;
  return !st.core.faults.per_batch() || st.core.after_batch(self, static_cast<int64_t>(n));
}

// The sequence rule (messages.hpp): a channel that lost, duplicated or reordered a batch
// fails the partition (retryable: the job restarts from its last checkpoint).
bool in_sequence(Self* self, const std::string& problem) {
  if (problem.empty()) return true;
  self->state.core.fail(self, self->state.core.stage_name(), problem, true);
  return false;
}

void end_if_inputs_ended(Self* self);

// While batches wait for a channel behind them, a check every kQuietAfter: a channel that
// delivered nothing in that time is idle, not slow, and is no longer waited for.
constexpr auto kQuietAfter = std::chrono::milliseconds(100);

void arm_quiet_check(Self* self) {
  auto& st = self->state;
  if (st.quiet_check_armed) return;
  st.quiet_check_armed = true;
  st.taken_at_check = st.taken;
  self->delayed_send(self, kQuietAfter, quiet_atom::value);
}

// Handles what InputOrder lets go next: every marker, and batches in event-time order across
// channels. Stops when a batch waits for a channel behind it: the senders' credits bound
// what waits, and the quiet check keeps an idle channel from holding the others. A call
// takes more batches only within kDrainTurn, then resumes through the mailbox: when a wait
// ends, a whole backlog can be takeable at once, and with a slow step (a remote call per
// element) an urgent stop (the job failed) would otherwise wait for all of it.
constexpr auto kDrainTurn = std::chrono::milliseconds(1);

void drain_turn(Self* self);

// Busy while the turn runs; afterwards, whether input is left waiting (system lag).
void drain(Self* self) {
  auto& activity = self->state.core.activity;
  const auto from = activity.begin_busy();
  drain_turn(self);
  activity.set_waiting(self->state.order->pending_batches() > 0, activity.end_busy(from));
}

void drain_turn(Self* self) {
  auto& st = self->state;
  const auto turn_end = self->clock().now() + kDrainTurn;  // virtual in deterministic mode
  int took = 0;
  for (;;) {
    if (st.core.stopped) return st.order->clear();
    const int c = st.order->next();
    if (c == InputOrder<PendingBatch>::kAligned) {  // a checkpoint: snapshot between batches
      std::vector<Timestamp> wms{st.in_wm};
      wms.insert(wms.end(), st.input_wms.begin(), st.input_wms.end());
      st.core.checkpoint(self, st.order->take_barrier(), wms);
      continue;
    }
    if (c < 0) break;
    if (took > 0 && self->clock().now() >= turn_end) {
      if (!st.drain_resumes) self->send(self, pump_atom::value);
      st.drain_resumes = true;
      break;
    }
    const auto channel = static_cast<uint32_t>(c);
    auto item = st.order->pop(channel);
    switch (item.kind) {
      case InputOrder<PendingBatch>::Kind::kBatch:
        if (!process_batch(self, channel, item.payload)) return;
        ++took;
        ++st.taken;
        break;
      case InputOrder<PendingBatch>::Kind::kWatermark:
        st.in->on_watermark(channel, item.wm);
        advance_watermark(self);
        break;
      case InputOrder<PendingBatch>::Kind::kEnd:
        st.in->on_eos(channel);
        end_if_inputs_ended(self);
        break;
      case InputOrder<PendingBatch>::Kind::kBarrier:  // taken only when aligned (above)
        break;
    }
  }
  if (took > 0) {
    // Idle: send partial batches on now rather than wait for more input.
    if (self->mailbox().empty() && !st.core.guarded(self, [&] { st.core.program->flush(); }))
      return;
    grant_if_room(self);
  }
  if (!st.drain_resumes && st.order->pending_batches() > 0) arm_quiet_check(self);  // waiting
  schedule_tick(self);
}

void end_if_inputs_ended(Self* self) {
  auto& st = self->state;
  if (!st.in->all_ended()) return;
  st.core.finish(self);
  st.core.report_if_done(self, flow_of(self));
}

}  // namespace

caf::behavior stage_actor(Self* self, PartitionArgs args) {
  auto& st = self->state;
  const auto& stage = args.plan->stages.at(static_cast<size_t>(args.stage));
  st.stage = &stage;
  st.in = std::make_unique<InputChannels>(*args.plan, stage, args.partition);
  {
    std::vector<bool> open(st.in->channels());
    for (uint32_t c = 0; c < open.size(); ++c) open[c] = st.in->known(c);
    st.order = std::make_unique<InputOrder<PendingBatch>>(open);
  }
  st.input_wms.assign(stage.inputs.size(), kMinTimestamp);
  if (!st.core.start(self, std::move(args))) return {};
  if (const auto& wms = st.core.restored_wms(); wms.size() == st.input_wms.size() + 1) {
    st.in_wm = wms[0];  // what the restored operators had seen
    std::copy(wms.begin() + 1, wms.end(), st.input_wms.begin());
  }
  // Restored processing-time timers fire on time, not at the next input.
  if (st.core.args.restore) schedule_tick(self);
  // Nothing can ever arrive, or it ended before the checkpoint it was restored from.
  if (st.in->empty() || st.core.restored_finished()) {
    st.core.finish(self);
    st.core.report_if_done(self, flow_of(self));
  }
  return {
      [=](batch_atom, uint32_t channel, uint32_t reply_slot, uint64_t seq, BatchEnvelope& env) {
        auto& st = self->state;
        if (st.core.stopped || !st.in->known(channel)) return;
        if (!in_sequence(self, st.in->take_sequence(channel, seq, 1))) return;
        st.order->push_batch(channel,
                             PendingBatch{std::move(env.batch),
                                          {},
                                          caf::actor_cast<caf::actor>(self->current_sender()),
                                          reply_slot});
        drain(self);
      },
      [=](rbatch_atom, uint32_t channel, uint32_t reply_slot, uint64_t seq,
          std::vector<std::string>& parts) {
        auto& st = self->state;
        if (st.core.stopped || !st.in->known(channel) || parts.empty()) return;
        if (!in_sequence(self, st.in->take_sequence(channel, seq, parts.size()))) return;
        for (size_t i = 0; i < parts.size(); ++i) {
          const bool last = i + 1 == parts.size();
          st.order->push_batch(
              channel, PendingBatch{nullptr, std::move(parts[i]),
                                    last ? caf::actor_cast<caf::actor>(self->current_sender())
                                         : caf::actor{},
                                    reply_slot});
        }
        drain(self);
      },
      [=](wm_atom, uint32_t channel, Timestamp wm, uint64_t sent) {
        auto& st = self->state;
        if (st.core.stopped || !st.in->known(channel)) return;
        if (!in_sequence(self, st.in->check_sent(channel, sent))) return;
        st.order->push_watermark(channel, wm);
        drain(self);
      },
      [=](ptimer_atom, uint64_t gen) {
        auto& st = self->state;
        if (st.core.stopped || st.core.finished || gen != st.tick_gen) return;
        st.tick_due = OperatorBase::kNoProcessingTimer;
        const auto from = st.core.activity.begin_busy();
        if (st.core.guarded(self,
                            [&] {
                              st.core.program->on_processing_time(wall_clock_ms());
                              st.core.program->flush();
                            }) &&
            st.core.crash_if_due(self))
          st.core.forward_watermark(st.in_wm);
        st.core.activity.end_busy(from);
        schedule_tick(self);
      },
      [=](progress_atom) { self->state.core.on_progress_tick(self, self->state.in_wm); },
      [=](pump_atom) {  // drain() had more to take than one turn allows
        self->state.drain_resumes = false;
        drain(self);
      },
      [=](quiet_atom) {
        auto& st = self->state;
        st.quiet_check_armed = false;
        if (st.core.stopped || st.core.finished) return;
        if (st.taken == st.taken_at_check && st.order->waiting()) st.order->mark_waited_quiet();
        drain(self);  // arms the next check if still waiting
      },
      [=](barrier_atom, uint32_t channel, uint64_t checkpoint, uint64_t sent) {
        auto& st = self->state;
        if (st.core.stopped || !st.in->known(channel)) return;
        if (!in_sequence(self, st.in->check_sent(channel, sent))) return;
        st.order->push_barrier(channel, checkpoint);
        drain(self);
      },
      [=](eos_atom, uint32_t channel, uint64_t sent) {
        auto& st = self->state;
        if (st.core.stopped || !st.in->known(channel)) return;
        if (!in_sequence(self, st.in->check_sent(channel, sent))) return;
        st.order->push_end(channel);
        drain(self);
      },
      [=](credit_atom, uint32_t slot, int32_t n) {
        auto& st = self->state;
        if (st.core.stopped) return;
        st.core.out->add_credit(slot, n);
        grant_if_room(self);
        st.core.report_if_done(self, flow_of(self));
      },
      // Injected faults: a held output channel may go on; a network cut to a node.
      [=](wake_atom) {
        auto& st = self->state;
        if (st.core.stopped) return;
        st.core.out->wake();
        grant_if_room(self);
        st.core.report_if_done(self, flow_of(self));
      },
      [=](cut_atom, const caf::node_id& node, int64_t for_ms) {
        auto& st = self->state;
        if (st.core.stopped) return;
        st.core.out->cut(node, self->clock().now() + std::chrono::milliseconds(for_ms));
      },
  };
}

}  // namespace rill
