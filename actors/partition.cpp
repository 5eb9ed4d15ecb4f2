#include "actors/partition.hpp"

namespace rill {

bool PartitionCore::start(caf::event_based_actor* self, PartitionArgs a) {
  args = std::move(a);
  return guarded(self, [&] {
    const auto& stage = args.plan->stages.at(static_cast<size_t>(args.stage));
    for (size_t k = 0; k < args.routes.size() && k < stage.outputs.size(); ++k)
      args.routes[k].type = args.graph->collection(stage.outputs[k].collection).type.get();
    out = std::make_unique<OutputChannels>(self, args.routes, args.partition,
                                           args.options.channel_credits);
    OpContext ctx;
    ctx.partition = args.partition;
    ctx.num_partitions = args.plan->stages.at(static_cast<size_t>(args.stage)).parallelism;
    ctx.job_token = args.job_token;
    ctx.options = &args.options;
    program = std::make_unique<StageProgram>(*args.graph, *args.plan, args.stage, ctx, out.get(),
                                             args.options.batch_size);
    program->setup();
  });
}

void PartitionCore::fail(caf::event_based_actor* self, const std::string& step,
                         const std::string& message) {
  if (stopped) return;
  stopped = true;
  self->send(args.job, fail_atom::value, step, message);
  self->quit();
}

void PartitionCore::forward_watermark(Timestamp input_wm) {
  const Timestamp wm = std::min(input_wm, program->hold());
  if (wm > out_wm) {
    out_wm = wm;
    out->broadcast_watermark(wm);
  }
}

void PartitionCore::finish(caf::event_based_actor* self) {
  if (finished) return;
  if (!guarded(self, [&] {
        program->finish();
        program->teardown();
      }))
    return;
  finished = true;
  if (out_wm < kMaxTimestamp) {
    out_wm = kMaxTimestamp;
    out->broadcast_watermark(kMaxTimestamp);
  }
  out->broadcast_eos();
}

void PartitionCore::report_if_done(caf::event_based_actor* self, const FlowStats& extra) {
  if (!finished || stopped || !out->idle()) return;
  stopped = true;
  FlowStats flow = extra;
  flow.max_output_queue = std::max(flow.max_output_queue, out->max_queued_batches());
  self->send(args.job, done_atom::value, static_cast<uint32_t>(args.stage),
             static_cast<uint32_t>(args.partition), program->counters(), flow);
  self->quit();
}

}  // namespace rill
