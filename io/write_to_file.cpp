#include "io/write_to_file.hpp"

#include "io/line_sink_op.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "graph/step_error.hpp"
#include "io/text/file_descriptor.hpp"
#include "io/text/line_file_writer.hpp"
#include "io/text/output_publication.hpp"
#include "io/text/shard_names.hpp"

namespace fs = std::filesystem;

namespace rill::io {
namespace {

// Publishes the one file through an OutputPublication (rules there): its bookkeeping files are
// DIR/.BASE.rill-manifest and DIR/.BASE.rill-lock.
class FileCommit final : public SinkFinalizer {
 public:
  explicit FileCommit(std::string path)
      : path_(path),
        name_(fs::path(path).filename().string()),
        publication_(path, fs::path(path).parent_path().string(), "." + name_,
                     [tail = "." + name_ + text::kTempMarker](const std::string& n) {
                       return n.starts_with(tail) ? n.substr(tail.size()) : std::string();
                     }) {}

  SinkOutputs outputs() const override {
    return {{PathPattern::exact(path_)}, {publication_.manifest_path(), publication_.lock_path()}};
  }
  void prepare(const std::string& token, int) override { publication_.begin(token, {name_}); }
  void release() override { publication_.end(); }
  std::vector<std::string> commit(const std::string& token, int) override {
    return publication_.publish(token, {fs::path(temp_file_name(path_, token)).filename().string()},
                                {name_});
  }
  void abort(const std::string& token, int) override { publication_.discard(token); }

 private:
  std::string path_, name_;
  text::OutputPublication publication_;
};

}  // namespace

std::string temp_file_name(const std::string& path, const std::string& token) {
  text::validate_write_token(token);
  const fs::path p(path);
  return (p.parent_path() / ("." + p.filename().string() + text::kTempMarker + token)).string();
}

PDone WriteToFile::expand(const PCollection<std::string>& in) {
  if (fs::path(path).filename().empty())
    throw std::invalid_argument("rill::io::WriteToFile '" + name + "': path '" + path +
                                "' has no file-name part");
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw std::invalid_argument("rill::io::WriteToFile '" + name + "': '" + path +
                                "' is a directory");
  NodeDef n;
  n.name = name;
  n.label = "WriteToFile";
  n.kind = NodeKind::kSink;
  n.inputs = {in.id()};
  n.parallelism = 1;  // one file, one writer
  n.make_op = [path = path](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return std::make_unique<detail::LineSinkOp<text::LineFileWriter>>(
        ctx.step, [path, token = ctx.job_token](std::optional<uint64_t> resume_at) {
          return text::LineFileWriter(temp_file_name(path, token),
                                      text::LineFileWriter::kDefaultBufferBytes, resume_at);
        });
  };
  n.finalizer = std::make_shared<FileCommit>(path);
  in.graph().add_node(std::move(n));
  return {};
}

}  // namespace rill::io
