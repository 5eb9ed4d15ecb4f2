#include "io/write_to_text.hpp"

#include <optional>

#include "graph/step_error.hpp"
#include "io/text/shard_names.hpp"
#include "io/text/sharded_text_writer.hpp"
#include "io/text/text_output_commit.hpp"

namespace rill::io {
namespace {

class TextSinkOp final : public OperatorBase, public Consumer<std::string> {
 public:
  TextSinkOp(const OpContext& ctx, std::string prefix, std::string suffix)
      : OperatorBase(ctx.step),
        prefix_(std::move(prefix)),
        suffix_(std::move(suffix)),
        shard_(ctx.partition),
        shards_(ctx.num_partitions),
        token_(ctx.job_token) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void setup() override {  // every shard exists, even an empty one
    guard([&] { writer_.emplace(prefix_, shard_, shards_, token_, suffix_); });
  }
  void consume(Batch<std::string>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    guard([&] {
      for (const auto& e : batch) writer_->write_line(e.value);
    });
  }
  void finish() override {
    guard([&] { writer_->close(); });
  }

 private:
  template <class F>
  void guard(F&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      throw StepError(step(), e.what());
    }
  }
  std::string prefix_, suffix_;
  int shard_, shards_;
  std::string token_;
  std::optional<text::ShardedTextWriter> writer_;
};

class TextCommit final : public SinkFinalizer {
 public:
  TextCommit(std::string prefix, std::string suffix)
      : prefix_(std::move(prefix)), suffix_(std::move(suffix)) {}
  std::vector<std::string> commit(const std::string& token, int shards) override {
    return text::TextOutputCommit::commit(prefix_, shards, token, suffix_);
  }
  void abort(const std::string& token, int shards) override {
    text::TextOutputCommit::abort(prefix_, shards, token);
  }

 private:
  std::string prefix_, suffix_;
};

}  // namespace

PDone WriteToText::expand(const PCollection<std::string>& in) {
  if (num_shards < 0)
    throw std::invalid_argument("rill::io::WriteToText '" + name + "': negative shard count");
  text::validate_shard_naming(prefix, num_shards > 0 ? num_shards : 1);
  NodeDef n;
  n.name = name;
  n.label = "WriteToText";
  n.kind = NodeKind::kSink;
  n.inputs = {in.id()};
  n.parallelism = num_shards;
  n.make_op = [prefix = prefix,
               suffix = suffix](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return std::make_unique<TextSinkOp>(ctx, prefix, suffix);
  };
  n.finalizer = std::make_shared<TextCommit>(prefix, suffix);
  in.graph().add_node(std::move(n));
  return {};
}

}  // namespace rill::io
