// SourceActor: one partition of a source stage. It reads only while its output channels
// have room (credit from downstream), so a slow pipeline slows the reading.
#include "actors/partition.hpp"

namespace rill {
namespace {

constexpr int kPumpsPerMessage = 4;  // then yield, so credits and control get through

void schedule_pump(caf::stateful_actor<SourceActorState>* self) {
  if (self->state.pump_pending) return;
  self->state.pump_pending = true;
  self->send(self, pump_atom::value);
}

}  // namespace

caf::behavior source_actor(caf::stateful_actor<SourceActorState>* self, PartitionArgs args) {
  if (!self->state.core.start(self, std::move(args))) return {};
  schedule_pump(self);
  return {
      [=](pump_atom) {
        auto& st = self->state;
        auto& core = st.core;
        st.pump_pending = false;
        if (core.finished || core.stopped) return;
        for (int i = 0; i < kPumpsPerMessage && core.can_take_more(); ++i) {
          bool more = false;
          if (!core.guarded(
                  self, [&] { more = core.program->pump_source(core.args.options.batch_size); }))
            return;
          if (!more) {
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
          if (const int64_t wait = core.program->source_wait_micros(); wait > 0) {
            // A paced reader has nothing due: sleep until it has, instead of spinning.
            st.pump_pending = true;
            self->delayed_send(self, std::chrono::microseconds(wait), pump_atom::value);
            return;
          }
        }
        if (core.can_take_more()) schedule_pump(self);  // else a credit resumes us
      },
      [=](credit_atom, uint32_t slot, int32_t n) {
        auto& core = self->state.core;
        core.out->add_credit(slot, n);
        if (!core.finished && !core.stopped && core.can_take_more()) schedule_pump(self);
        core.report_if_done(self, {});
      },
  };
}

}  // namespace rill
