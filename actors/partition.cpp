#include "actors/partition.hpp"

#include <cereal/archives/binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <sstream>
#include <thread>

#include "graph/checkpoint_publication.hpp"

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
    ctx.restoring = args.restore.has_value();
    ctx.publish_per_checkpoint = publishes_per_checkpoint(*args.graph, args.options);
    program = std::make_unique<StageProgram>(*args.graph, *args.plan, args.stage, ctx, out.get(),
                                             args.options.batch_size);
    if (!args.options.faults.empty()) {
      faults = PartitionFaults(args.options.faults, args.spent_faults, *args.graph, *args.plan,
                               args.stage, args.partition);
      out->arm_faults(faults, args.job);
    }
    if (args.options.checkpointing()) {  // refused now rather than declined at every checkpoint
      std::string step;
      if (std::string why = program->checkpoint_problem(&step); !why.empty())
        throw StepError(step, why + "; run it without --checkpoint-dir");
    }
    program->setup();
    if (args.restore) {
      if (auto f = faults.crash_at(testing::CrashPoint::kDuringRestore, args.restore->checkpoint)) {
        self->send(args.job, fault_atom::value, static_cast<int32_t>(f->index), f->what, false);
        throw StepError(f->step, "injected fault " + f->what, true);
      }
      restore_state(self);
    }
    self->send(args.job, ready_atom::value);
    if (args.options.effective_metrics_interval() > 0)
      self->delayed_send(self, std::chrono::milliseconds(args.options.effective_metrics_interval()),
                         progress_atom::value);
  });
}

void PartitionCore::report_progress(caf::event_based_actor* self, Timestamp input_wm) {
  PartitionProgress p;
  p.stage = static_cast<uint32_t>(args.stage);
  p.partition = static_cast<uint32_t>(args.partition);
  p.counters = program->counters();
  activity.fill(p);
  p.input_wm = input_wm;
  if (program->is_source()) {
    p.backlog_elements = program->source_backlog_elements();
    p.backlog_bytes = program->source_backlog_bytes();
  }
  p.hot_keys = program->hot_keys();
  p.user_metrics = program->user_metrics();
  self->send(args.job, progress_atom::value, std::move(p));
}

void PartitionCore::on_progress_tick(caf::event_based_actor* self, Timestamp input_wm) {
  if (stopped) return;
  report_progress(self, input_wm);
  self->delayed_send(self, std::chrono::milliseconds(args.options.effective_metrics_interval()),
                     progress_atom::value);
}

namespace {
constexpr uint32_t kPartitionStateFormat = 1;
}  // namespace

// A partition's checkpointed state: its output watermark, the stage's input watermarks, and
// the program's state (operators and readers: StageProgram::snapshot).
void PartitionCore::checkpoint(caf::event_based_actor* self, uint64_t id,
                               const std::vector<Timestamp>& wms) {
  if (stopped) return;
  if (finished) {  // its end is queued ahead of any barrier: it counts as finished
    self->send(args.job, ckpt_ack_atom::value, id, static_cast<uint32_t>(args.stage),
               static_cast<uint32_t>(args.partition), std::string(), uint64_t{0}, uint32_t{0});
    return;
  }
  // What is buffered goes out ahead of the barrier (a failure here is the data's: it fails).
  if (!guarded(self, [&] { program->flush(); })) return;
  if (auto f = faults.crash_at(testing::CrashPoint::kAtCheckpoint, id)) return inject(self, *f);
  // A sink that cannot close its output part (publication per checkpoint) is left without a
  // file to write to: the partition fails and the job restarts from the last checkpoint.
  try {
    program->on_checkpoint(id);
  } catch (const std::exception& e) {
    return fail(self, stage_name(),
                "checkpoint " + std::to_string(id) + ": cannot close the output part: " + e.what(),
                true);
  }
  if (auto f = faults.crash_at(testing::CrashPoint::kDuringSnapshot, id)) return inject(self, *f);
  // A state that cannot be written (a serialize() that throws, a full disk) declines this
  // checkpoint, as Flink's; the job goes on and the barrier still goes on downstream.
  try {
    if (auto f = faults.fail_checkpoint(id)) {
      self->send(args.job, fault_atom::value, static_cast<int32_t>(f->index), f->what, false);
      throw std::runtime_error("injected fault " + f->what);
    }
    std::ostringstream os(std::ios::binary);
    {
      cereal::BinaryOutputArchive ar(os);
      ar(kPartitionStateFormat, out_wm, wms, program->snapshot());
    }
    const CheckpointStore store(args.options.checkpoint_dir);
    const PartitionStateFile f = store.write_partition(id, args.stage, args.partition, os.str());
    self->send(args.job, ckpt_ack_atom::value, id, static_cast<uint32_t>(args.stage),
               static_cast<uint32_t>(args.partition), f.file, f.bytes, f.crc);
  } catch (const std::exception& e) {
    self->send(args.job, ckpt_decline_atom::value, id,
               "step partition " + stage_name() + " p" + std::to_string(args.partition) +
                   " could not write its state: " + e.what());
  }
  out->broadcast_barrier(id);
}

void PartitionCore::restore_state(caf::event_based_actor*) {
  const PartitionRestore& r = *args.restore;
  if (r.file.file.empty()) {
    restored_finished_ = true;
    return;
  }
  const std::string state = read_state_file(r.directory, r.file);
  uint32_t format = 0;
  std::string program_state;
  {
    std::istringstream is(state, std::ios::binary);
    cereal::BinaryInputArchive ar(is);
    ar(format, out_wm, restored_wms_, program_state);
  }
  if (format != kPartitionStateFormat)
    throw std::runtime_error("checkpoint " + std::to_string(r.checkpoint) +
                             ": partition state format " + std::to_string(format) +
                             " is not this rill's");
  program->restore(program_state);
}

std::string PartitionCore::stage_name() const {
  return args.plan->stages.at(static_cast<size_t>(args.stage)).name;
}

void PartitionCore::fail(caf::event_based_actor* self, const std::string& step,
                         const std::string& message, bool retryable) {
  if (stopped) return;
  stopped = true;
  self->send(args.job, fail_atom::value, step, message, retryable);
  self->quit();
}

bool PartitionCore::after_batch(caf::event_based_actor* self, int64_t elements) {
  if (const int64_t us = faults.slow_micros(); us > 0 && elements > 0) {
    for (const auto& f : faults.take_slow_reports())
      self->send(args.job, fault_atom::value, static_cast<int32_t>(f.index), f.what, true);
    std::this_thread::sleep_for(std::chrono::microseconds(us * elements));
  }
  return crash_if_due(self);
}

bool PartitionCore::crash_if_due(caf::event_based_actor* self) {
  if (!faults.has_crash_after()) return true;
  if (auto f = faults.crash_after_batch(*program)) {
    inject(self, *f);
    return false;
  }
  return true;
}

void PartitionCore::inject(caf::event_based_actor* self, const FiredFault& f) {
  self->send(args.job, fault_atom::value, static_cast<int32_t>(f.index), f.what, false);
  fail(self, f.step, "injected fault " + f.what, true);
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
  if (restored_finished_) {  // ended before the checkpoint: its output is downstream already
    finished = true;
    out_wm = kMaxTimestamp;
    out->broadcast_watermark(kMaxTimestamp);
    out->broadcast_eos();
    return;
  }
  if (auto f = faults.crash_at(testing::CrashPoint::kDuringFinish, 0)) return inject(self, *f);
  if (!guarded(self, [&] { program->finish(); }) || !crash_if_due(self) ||
      !guarded(self, [&] { program->teardown(); }))
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
  if (args.options.effective_metrics_interval() > 0) report_progress(self, kMaxTimestamp);
  stopped = true;
  FlowStats flow = extra;
  flow.max_output_queue = std::max(flow.max_output_queue, out->max_queued_batches());
  self->send(args.job, done_atom::value, static_cast<uint32_t>(args.stage),
             static_cast<uint32_t>(args.partition), program->counters(), program->user_metrics(),
             flow);
  self->quit();
}

}  // namespace rill
