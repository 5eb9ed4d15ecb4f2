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
      : suffix_(suffix), commit_(std::move(prefix), std::move(suffix)) {}
  SinkOutputs outputs() const override {
    return {{PathPattern::with_digits(commit_.prefix(), "-#####-of-#####", suffix_),
             PathPattern::with_digits(commit_.prefix(), "-ckpt-########-#####-of-#####", suffix_)},
            {commit_.manifest_path(), commit_.lock_path()}};
  }
  void prepare(const std::string& token, int shards) override { commit_.begin(token, shards); }
  void release() override { commit_.end(); }
  std::vector<std::string> commit(const std::string& token, int shards) override {
    return commit_.commit(token, shards);
  }
  void abort(const std::string& token, int) override { commit_.abort(token); }
  bool publishes_per_checkpoint() const override { return true; }
  std::vector<std::string> commit_checkpoints(const std::string& token, int shards, uint64_t upto,
                                              std::optional<uint64_t> last) override {
    return commit_.commit_checkpoints(token, shards, upto, last);
  }
  void discard_checkpoints_after(const std::string& token, int, uint64_t checkpoint) override {
    commit_.discard_checkpoints_after(token, checkpoint);
  }

 private:
  std::string suffix_;
  text::TextOutputCommit commit_;
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
  if (header.find_first_of("\r\n") != std::string::npos)
    throw std::invalid_argument("rill::io::WriteToText '" + name +
                                "': the header is one line (no CR or LF)");
  n.make_op = [prefix = prefix, suffix = suffix,
               header = header](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return std::make_unique<detail::LineSinkOp<text::ShardedTextWriter>>(
        ctx.step,
        [=](std::optional<uint64_t> resume_at) {
          return text::ShardedTextWriter(prefix, ctx.partition, ctx.num_partitions, ctx.job_token,
                                         suffix, text::ShardedTextWriter::kDefaultBufferBytes,
                                         resume_at, header);
        },
        ctx.publish_per_checkpoint);
  };
  n.finalizer = std::make_shared<TextCommit>(prefix, suffix);
  in.graph().add_node(std::move(n));
  return {};
}

}  // namespace rill::io
