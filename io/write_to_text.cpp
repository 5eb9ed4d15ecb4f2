#include "io/write_to_text.hpp"

#include "io/line_sink_op.hpp"

#include <optional>

#include "graph/step_error.hpp"
#include "io/text/shard_names.hpp"
#include "io/text/sharded_text_writer.hpp"
#include "io/text/text_output_commit.hpp"

namespace rill::io {
namespace {

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
    return std::make_unique<detail::LineSinkOp<text::ShardedTextWriter>>(ctx.step, [=] {
      return text::ShardedTextWriter(prefix, ctx.partition, ctx.num_partitions, ctx.job_token,
                                     suffix);
    });
  };
  n.finalizer = std::make_shared<TextCommit>(prefix, suffix);
  in.graph().add_node(std::move(n));
  return {};
}

}  // namespace rill::io
