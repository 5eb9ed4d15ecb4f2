// SourceActor: one partition of a source stage. It reads only while its output channels
// have room (credit from downstream), so a slow pipeline slows the reading; and, when the
// source has several partitions, only while its readers are not too far ahead of the slowest
// partition in event time (watermark alignment, below).
#include "actors/partition.hpp"

namespace rill {
namespace {

using Self = caf::stateful_actor<SourceActorState>;

constexpr int kPumpsPerMessage = 4;  // then yield, so credits and control get through

// The pump is a message to ourselves, so credits and control (barriers, a stop) get in
// between. But a source whose output is all absorbed (by a partial combine) never runs out of
// credit, and with CAF's unlimited throughput per turn (the local runner's: fastest) an actor
// whose mailbox never empties keeps its thread: the stages it feeds, and the checkpoint
// barriers it forwarded, waited for its whole input (wordcount at 2 threads: first checkpoint
// after 742 ms). So every kYieldEvery the next pump goes through the clock: the mailbox
// empties and the thread goes to whoever waits. (Every 2 ms cost 5 % of a source-bound job;
// a scheduler limit of 64 messages per turn let a Debug source read 250k lines per turn.)
constexpr auto kYieldEvery = std::chrono::milliseconds(10);

void schedule_pump(Self* self) {
  auto& st = self->state;
  if (st.pump_pending) return;
  st.pump_pending = true;
  const auto now = self->clock().now();  // the actor clock: virtual in deterministic mode
  if (now - st.last_yield < kYieldEvery) {
    self->send(self, pump_atom::value);
    return;
  }
  st.last_yield = now;
  self->delayed_send(self, std::chrono::microseconds(1), pump_atom::value);
}

// Watermark alignment (Flink's FLIP-182, per source step). Credits bound the batches in
// flight on each channel, but not how far one reader of a source runs ahead of another in
// event time; a downstream stage's watermark is the minimum over its input channels, so all
// that a fast reader produced beyond the slowest one's watermark waits there, in windows and
// sessions. So, with PipelineOptions::max_source_drift = D > 0 and several partitions:
// - each partition reports its readers' watermark to the job (after its first read, after
//   each D/4 of progress, when it pauses, and kMaxTimestamp when it has read everything);
// - once every partition has reported, the job announces their minimum to them (reports of
//   kMinTimestamp, i.e. no event-time progress yet, are left out; finished ones are +inf);
// - a partition does not read while its watermark is more than D above the last announced
//   minimum (before the first announcement: above its own first watermark). A watermark of
//   kMinTimestamp never pauses.
// Why this cannot deadlock: a paused partition has reported its exact watermark, and does
// not move. Consumers never wait on a particular input channel (they grant credit on every
// channel as their own backlog allows), so a partition that is not paused keeps reading and
// reporting. So the reports below a paused partition's watermark keep rising, until the
// partition with the lowest report is a paused one: its report is then the minimum, the job
// announces it (a paused partition makes the job announce any change), and a watermark
// equal to the announced minimum is within the limit. The slowest reader is thus never held
// for long, and its progress lifts the minimum, which releases the others.
bool over_limit(SourceAlignment& a, Timestamp wm) {
  if (!a.enabled || wm == kMinTimestamp || wm == kMaxTimestamp) return false;
  if (!a.announced && a.base == kMinTimestamp) a.base = wm;  // our first position
  return a.base != kMinTimestamp && wm - a.base > a.drift;
}

void report(Self* self, Timestamp wm, bool paused) {
  auto& core = self->state.core;
  auto& a = self->state.align;
  a.reported = wm;
  a.ever_reported = true;
  self->send(core.args.aligner, srcwm_atom::value, static_cast<uint32_t>(core.args.stage),
             static_cast<uint32_t>(core.args.partition), wm, paused);
}

void report_progress(Self* self, Timestamp wm) {
  auto& a = self->state.align;
  if (!a.enabled) return;
  if (!a.ever_reported ||
      (wm > a.reported && wm - a.reported >= std::max<Duration>(1, a.drift / 4)))
    report(self, wm, false);
}

// True while our readers are too far ahead: then we have told the job, and its next
// announcement that lifts the limit resumes us.
bool held_back(Self* self) {
  auto& a = self->state.align;
  if (!a.enabled) return false;
  const Timestamp wm = self->state.core.program->source_watermark();
  if (!over_limit(a, wm)) {
    a.paused = false;
    return false;
  }
  if (!a.paused) {
    a.paused = true;
    report(self, wm, true);
  }
  return true;
}

// Reads up to kPumpsPerMessage batches while there is room downstream.
void pump(Self* self) {
  auto& st = self->state;
  auto& core = st.core;
  st.pump_pending = false;
  if (core.finished || core.stopped) return;
  for (int i = 0; i < kPumpsPerMessage && core.can_take_more(); ++i) {
    if (held_back(self)) return;  // an announcement from the job resumes us
    bool more = false;
    const int64_t read_before = core.faults.per_batch() ? core.program->elements_taken(0) : 0;
    if (!core.guarded(self,
                      [&] { more = core.program->pump_source(core.args.options.batch_size); }))
      return;
    if (core.faults.per_batch() &&
        !core.after_batch(self, core.program->elements_taken(0) - read_before))
      return;
    if (!more) {
      if (st.align.enabled) report(self, kMaxTimestamp, false);
      core.finish(self);
      core.report_if_done(self, {});
      return;
    }
    // What was read goes out now (readers emit full batches, so this only sends a
    // short tail). When the readers' watermark advanced, the steps fused after them see
    // it first, then it goes out right behind the data it covers.
    const Timestamp wm = core.program->source_watermark();
    if (!core.guarded(self, [&] {
          if (wm > core.out_wm) core.program->on_watermark(wm);
          core.program->flush();
        }))
      return;
    core.forward_watermark(wm);
    report_progress(self, wm);
    if (const int64_t wait = core.program->source_wait_micros(); wait > 0) {
      // A paced reader has nothing due: sleep until it has, instead of spinning.
      st.pump_pending = true;
      self->delayed_send(self, std::chrono::microseconds(wait), pump_atom::value);
      return;
    }
  }
  if (core.can_take_more()) schedule_pump(self);  // else a credit resumes us
}

}  // namespace

caf::behavior source_actor(Self* self, PartitionArgs args) {
  if (!self->state.core.start(self, std::move(args))) return {};
  {
    const auto& core = self->state.core;
    auto& a = self->state.align;
    a.drift = core.args.options.max_source_drift;
    a.enabled = a.drift > 0 && core.args.aligner &&
                core.args.plan->stages.at(static_cast<size_t>(core.args.stage)).parallelism > 1;
  }
  if (self->state.core.restored_finished()) {  // it had read everything before the checkpoint
    // The aligner announces only once every partition has reported: this one is at the end.
    if (self->state.align.enabled) report(self, kMaxTimestamp, false);
    self->state.core.finish(self);
    self->state.core.report_if_done(self, {});
  }
  schedule_pump(self);
  return {
      [=](pump_atom) {
        auto& core = self->state.core;
        const auto from = core.activity.begin_busy();
        pump(self);
        core.note_blocked(core.activity.end_busy(from));
      },
      [=](progress_atom) { self->state.core.on_progress_tick(self, self->state.core.out_wm); },
      [=](credit_atom, uint32_t slot, int32_t n) {
        auto& st = self->state;
        auto& core = st.core;
        core.out->add_credit(slot, n);
        core.note_blocked(PartitionActivity::Clock::now());
        if (!core.finished && !core.stopped && !st.align.paused && core.can_take_more())
          schedule_pump(self);
        core.report_if_done(self, {});
      },
      // Drain: read no more; end as if the input had ended (the final watermark fires every
      // window and timer downstream).
      [=](drain_atom) {
        auto& st = self->state;
        auto& core = st.core;
        if (core.finished || core.stopped) return;
        if (st.align.enabled) report(self, kMaxTimestamp, false);
        core.finish(self);
        core.report_if_done(self, {});
      },
      // Injected faults: a held output channel may go on; a network cut to a node.
      [=](wake_atom) {
        auto& core = self->state.core;
        if (core.stopped) return;
        core.out->wake();
        if (!core.finished && !self->state.align.paused && core.can_take_more())
          schedule_pump(self);
        core.report_if_done(self, {});
      },
      [=](cut_atom, const caf::node_id& node, int64_t for_ms) {
        auto& core = self->state.core;
        if (core.stopped) return;
        core.out->cut(node, self->clock().now() + std::chrono::milliseconds(for_ms));
      },
      // A checkpoint starts here: between two reads, the readers' positions are exact.
      [=](barrier_atom, uint64_t checkpoint) { self->state.core.checkpoint(self, checkpoint, {}); },
      // The job's minimum over this source's partitions rose (or, rarely, fell).
      [=](wmalign_atom, Timestamp min) {
        auto& st = self->state;
        auto& a = st.align;
        if (!a.enabled || st.core.finished || st.core.stopped) return;
        a.base = min;
        a.announced = true;
        if (a.paused && !over_limit(a, st.core.program->source_watermark())) {
          a.paused = false;
          if (st.core.can_take_more()) schedule_pump(self);
        }
      },
  };
}

}  // namespace rill
