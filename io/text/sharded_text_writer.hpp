#pragma once
// Writes one shard of a sharded text output. Lines go to the shard's temporary file (see
// shard_names.hpp), never to its final name: only TextOutputCommit::commit gives a file its
// final name, once every shard is closed, so a failed job leaves no file under a final name.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "io/text/line_file_writer.hpp"

namespace rill::io::text {

class ShardedTextWriter {
 public:
  static constexpr size_t kDefaultBufferBytes = LineFileWriter::kDefaultBufferBytes;

  // Creates the prefix's parent directories and the temporary file (truncating one left by
  // the same token), or, with `resume_at`, reopens that file cut back to `resume_at` bytes
  // (a checkpoint restore: what was written after the checkpoint goes). Throws
  // std::invalid_argument for bad names (see shard_names.hpp), std::runtime_error naming the
  // file if it cannot be created, or is shorter than `resume_at`. A non-empty `header` is the
  // first line of every file it begins (a reopened one has it already).
  ShardedTextWriter(std::string prefix, int shard_index, int num_shards, std::string token,
                    std::string suffix = "", size_t buffer_bytes = kDefaultBufferBytes,
                    std::optional<uint64_t> resume_at = std::nullopt, std::string header = "");

  void write_line(std::string_view line) { file_.write_line(line); }
  uint64_t sync() { return file_.sync(); }
  void close() { file_.close(); }
  // Publication per checkpoint: closes the file as checkpoint `checkpoint`'s pending part
  // (renamed to its pending name) and goes on in a new temporary file (with the header).
  void roll(uint64_t checkpoint);

  const std::string& temp_path() const { return file_.path(); }
  const std::string& final_path() const { return final_path_; }
  uint64_t lines_written() const { return file_.lines_written(); }
  uint64_t bytes_written() const { return file_.bytes_written(); }

 private:
  static std::string checked_temp(const std::string& prefix, int shard_index, int num_shards,
                                  const std::string& token, const std::string& suffix);

  void begin_file();

  std::string prefix_, token_, suffix_, header_;
  int shard_index_, num_shards_;
  size_t buffer_bytes_;
  std::string final_path_;
  LineFileWriter file_;
};

}  // namespace rill::io::text
