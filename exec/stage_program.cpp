#include "exec/stage_program.hpp"

#include <algorithm>
#include <cereal/archives/binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>
#include <sstream>
#include <stdexcept>

#include "graph/step_error.hpp"

namespace rill {

StageProgram::StageProgram(const GraphDef& g, const ExecutionPlan& plan, int stage,
                           const OpContext& ctx, ChannelSink* sink, size_t batch_size)
    : graph_(g), stage_(&plan.stages.at(static_cast<size_t>(stage))) {
  const StagePlan& sp = *stage_;
  // Connects a consumer to the producer of a collection made in this stage: an operator's
  // output, or every reader of the stage's source.
  auto connect = [&](int collection, AnyConsumer* consumer) {
    const CollectionDef& c = g.collection(collection);
    if (sp.source_node == c.producer) {
      for (auto& r : readers_) r->output()->connect(consumer);
      return;
    }
    for (size_t i = 0; i < sp.nodes.size(); ++i)
      if (sp.nodes[i] == c.producer) return ops_[i]->output(c.producer_port)->connect(consumer);
    throw std::logic_error("rill: collection produced outside its stage");
  };

  for (int node : sp.nodes) {
    const NodeDef& n = g.node(node);
    if (n.kind == NodeKind::kSource) {
      OpContext rc = ctx;
      rc.step = n.name;
      auto all = n.source->split(ctx.num_partitions, rc);
      for (size_t i = static_cast<size_t>(ctx.partition); i < all.size();
           i += static_cast<size_t>(ctx.num_partitions))
        readers_.push_back(std::move(all[i]));
      ops_.push_back(nullptr);
      continue;
    }
    OpContext oc = ctx;
    oc.step = n.name;
    ops_.push_back(n.make_op(oc));
    OperatorBase* op = ops_.back().get();
    op->bind_log(ctx.partition, ctx.num_partitions);
    for (size_t port = 0; port < n.inputs.size(); ++port) {
      const CollectionDef& c = g.collection(n.inputs[port]);
      if (plan.stage_of_node[static_cast<size_t>(c.producer)] == sp.id)
        connect(c.id, op->input(static_cast<int>(port)));
    }
  }
  entries_.resize(sp.inputs.size());
  for (size_t i = 0; i < sp.inputs.size(); ++i) {
    const StageInput& in = sp.inputs[i];
    for (size_t k = 0; k < sp.nodes.size(); ++k)
      if (sp.nodes[k] == in.to_node) entries_[i] = ops_[k]->input(in.to_port);
  }
  for (size_t e = 0; e < sp.outputs.size(); ++e) {
    const StageOutput& out = sp.outputs[e];
    EdgeWriterSpec spec;
    spec.kind = out.kind;
    spec.edge = static_cast<int>(e);
    spec.num_dests = plan.stages.at(static_cast<size_t>(out.to_stage)).parallelism;
    spec.forward_dest = ctx.partition;
    spec.batch_size = batch_size;
    // The batches this writer can have out at once: per receiver its credits, the one being
    // filled and one whose credit is on its way back; plus the output queue's backlog.
    if (ctx.options != nullptr) {
      spec.batch_bytes = ctx.options->channel_bytes /
                         static_cast<size_t>(std::max(ctx.options->channel_credits, 1));
      const int per_dest = std::max(ctx.options->channel_credits, 0) + 2;
      spec.recycled = static_cast<size_t>(spec.num_dests * per_dest +
                                          std::max(ctx.options->max_queued_batches, 0));
    }
    spec.sink = sink;
    const auto& to_node = g.node(plan.stages.at(static_cast<size_t>(out.to_stage))
                                     .inputs.at(static_cast<size_t>(out.to_input))
                                     .to_node);
    spec.keyed = out.kind == EdgeKind::kHash || to_node.kind == NodeKind::kKeyed;
    writers_.push_back(g.collection(out.collection).type->make_edge_writer(spec));
    writer_steps_.push_back(to_node.name);
    connect(out.collection, writers_.back()->consumer());
  }
}

StageProgram::~StageProgram() {
  if (!torn_down_) {
    try {
      teardown();
    } catch (...) {  // a destructor must not throw; failures were reported by the runner
    }
  }
}

void StageProgram::setup() {
  for (auto& op : ops_)
    if (op) op->setup();
}

void StageProgram::teardown() {
  torn_down_ = true;
  for (auto& op : ops_)
    if (op) op->teardown();
}

bool StageProgram::pump_source(size_t max_elements) {
  while (current_reader_ < readers_.size()) {
    try {
      if (readers_[current_reader_]->pump(max_elements)) return true;
    } catch (const StepError&) {
      throw;
    } catch (const std::exception& e) {
      throw StepError(graph_.node(stage_->source_node).name, e.what());
    }
    ++current_reader_;
  }
  return false;
}

Timestamp StageProgram::source_watermark() const {
  Timestamp wm = kMaxTimestamp;
  for (size_t i = current_reader_; i < readers_.size(); ++i)
    wm = std::min(wm, readers_[i]->watermark());
  return wm;
}

int64_t StageProgram::source_wait_micros() const {
  return current_reader_ < readers_.size() ? readers_[current_reader_]->wait_micros() : 0;
}

void StageProgram::push(int input_index, AnyBatch& batch) {
  entries_.at(static_cast<size_t>(input_index))->consume_any(batch);
}

void StageProgram::on_input_watermark(int input_index, Timestamp wm) {
  const StageInput& in = stage_->inputs.at(static_cast<size_t>(input_index));
  for (size_t k = 0; k < stage_->nodes.size(); ++k)
    if (stage_->nodes[k] == in.to_node) ops_[k]->on_input_watermark(in.to_port, wm);
}

void StageProgram::on_watermark(Timestamp wm) {
  for (auto& op : ops_)
    if (op) op->on_watermark(wm);
}

void StageProgram::flush() {
  for (auto& op : ops_)
    if (op) op->flush();
  for (auto& w : writers_) w->flush();
}

void StageProgram::finish() {
  for (size_t i = 0; i < stage_->inputs.size(); ++i)
    on_input_watermark(static_cast<int>(i), kMaxTimestamp);
  on_watermark(kMaxTimestamp);
  for (auto& op : ops_)
    if (op) op->finish();
  flush();
}

Timestamp StageProgram::hold() const {
  Timestamp h = kMaxTimestamp;
  for (const auto& op : ops_)
    if (op) h = std::min(h, op->hold());
  return h;
}

Timestamp StageProgram::next_processing_timer() const {
  Timestamp t = OperatorBase::kNoProcessingTimer;
  for (const auto& op : ops_)
    if (op) t = std::min(t, op->next_processing_timer());
  return t;
}

void StageProgram::on_processing_time(Timestamp now) {
  for (auto& op : ops_)
    if (op && op->next_processing_timer() <= now) op->on_processing_time(now);
}

std::vector<StepCounters> StageProgram::counters() const {
  std::vector<StepCounters> out;
  for (size_t i = 0; i < ops_.size(); ++i) {
    if (ops_[i]) {
      out.push_back(ops_[i]->counters());
    } else {
      StepCounters c;
      c.step = graph_.node(stage_->nodes[i]).name;
      for (const auto& r : readers_) c.elements_out += r->produced();
      out.push_back(c);
    }
  }
  return out;
}

std::vector<HotKey> StageProgram::hot_keys() const {
  std::vector<HotKey> out;
  for (size_t i = 0; i < writers_.size(); ++i) writers_[i]->hot_keys(writer_steps_[i], out);
  return out;
}

// The sum over the readers not done yet; unknown (-1) if any of them cannot tell.
template <class Backlog>
static int64_t sum_backlog(const std::vector<std::unique_ptr<SourceReaderBase>>& readers,
                           size_t from, Backlog backlog) {
  if (readers.empty()) return -1;
  int64_t sum = 0;
  for (size_t i = from; i < readers.size(); ++i) {
    const int64_t b = backlog(*readers[i]);
    if (b < 0) return -1;
    sum += b;
  }
  return sum;
}

int64_t StageProgram::source_backlog_elements() const {
  return sum_backlog(readers_, current_reader_,
                     [](const SourceReaderBase& r) { return r.backlog_elements(); });
}

int64_t StageProgram::source_backlog_bytes() const {
  return sum_backlog(readers_, current_reader_,
                     [](const SourceReaderBase& r) { return r.backlog_bytes(); });
}

UserMetricValues StageProgram::user_metrics() const {
  size_t n = 0;
  for (const auto& op : ops_)
    if (op) n += op->user_metrics().size();
  UserMetricValues out;
  if (n == 0) return out;
  out.reserve(n);
  for (const auto& op : ops_)
    if (op) op->user_metrics().append_values(op->step(), out);
  return out;
}

int64_t StageProgram::elements_taken(size_t position) const {
  if (const auto& op = ops_.at(position)) return op->counters().elements_in;
  int64_t read = 0;
  for (const auto& r : readers_) read += r->produced();
  return read;
}

namespace {

constexpr uint32_t kSnapshotFormat = 1;

template <class T>
std::string bytes_of(const T& thing) {
  std::ostringstream os(std::ios::binary);
  {
    cereal::BinaryOutputArchive ar(os);
    thing.snapshot(ar);
  }
  return std::move(os).str();
}

template <class T>
void load_into(T& thing, const std::string& bytes) {
  std::istringstream is(bytes, std::ios::binary);
  cereal::BinaryInputArchive ar(is);
  thing.restore(ar);
}

}  // namespace

std::string StageProgram::checkpoint_problem(std::string* step) const {
  for (const auto& op : ops_)
    if (op)
      if (std::string why = op->checkpoint_problem(); !why.empty()) {
        *step = op->step();
        return why;
      }
  return {};
}

void StageProgram::on_checkpoint(uint64_t checkpoint) {
  for (auto& op : ops_)
    if (op) op->on_checkpoint(checkpoint);
}

std::string StageProgram::snapshot() const {
  std::vector<std::pair<std::string, std::string>> ops;
  for (size_t i = 0; i < ops_.size(); ++i)
    if (ops_[i]) ops.emplace_back(graph_.node(stage_->nodes[i]).name, bytes_of(*ops_[i]));
  std::vector<std::string> readers;
  for (const auto& r : readers_) readers.push_back(bytes_of(*r));
  std::ostringstream os(std::ios::binary);
  {
    cereal::BinaryOutputArchive ar(os);
    ar(kSnapshotFormat, ops, static_cast<uint64_t>(current_reader_), readers);
  }
  return std::move(os).str();
}

void StageProgram::restore(const std::string& bytes) {
  uint32_t format = 0;
  std::vector<std::pair<std::string, std::string>> ops;
  uint64_t current = 0;
  std::vector<std::string> readers;
  try {
    std::istringstream is(bytes, std::ios::binary);
    cereal::BinaryInputArchive ar(is);
    ar(format, ops, current, readers);
  } catch (const std::exception& e) {
    throw std::runtime_error("stage '" + stage_->name +
                             "': its checkpointed state cannot be read (" + e.what() + ")");
  }
  if (format != kSnapshotFormat)
    throw std::runtime_error("stage '" + stage_->name + "': checkpoint state format " +
                             std::to_string(format) + ", this rill reads " +
                             std::to_string(kSnapshotFormat));
  for (size_t i = 0; i < ops_.size(); ++i) {
    if (!ops_[i]) continue;
    const std::string& name = graph_.node(stage_->nodes[i]).name;
    auto it = std::find_if(ops.begin(), ops.end(), [&](const auto& o) { return o.first == name; });
    if (it == ops.end())
      throw std::runtime_error("the checkpoint has no state for step '" + name + "'");
    try {
      load_into(*ops_[i], it->second);
    } catch (const std::exception& e) {
      // Retryable: the restart after it tries the restore again (and counts as an attempt).
      throw StepError(name, std::string("cannot restore its checkpointed state: ") + e.what(),
                      true);
    }
  }
  if (readers.size() != readers_.size())
    throw std::runtime_error("stage '" + stage_->name + "': the checkpoint has " +
                             std::to_string(readers.size()) + " source readers, this run " +
                             std::to_string(readers_.size()) + " (another parallelism or input)");
  for (size_t i = 0; i < readers_.size(); ++i) load_into(*readers_[i], readers[i]);
  current_reader_ = static_cast<size_t>(current);
}

bool StageProgram::checkpointable(std::string* which) const {
  for (const auto& r : readers_)
    if (!r->checkpointable()) {
      if (which) *which = graph_.node(stage_->source_node).name;
      return false;
    }
  return true;
}

}  // namespace rill
