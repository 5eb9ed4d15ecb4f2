#include "io/text/sharded_text_writer.hpp"

#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "io/text/file_descriptor.hpp"
#include "io/text/shard_names.hpp"

namespace rill::io::text {

std::string ShardedTextWriter::checked_temp(const std::string& prefix, int shard_index,
                                            int num_shards, const std::string& token,
                                            const std::string& suffix) {
  validate_shard(prefix, shard_index, num_shards);
  validate_write_token(token);
  return temp_shard_name(prefix, shard_index, num_shards, token, suffix);
}

ShardedTextWriter::ShardedTextWriter(std::string prefix, int shard_index, int num_shards,
                                     std::string token, std::string suffix, size_t buffer_bytes,
                                     std::optional<uint64_t> resume_at, std::string header)
    : prefix_(prefix),
      token_(token),
      suffix_(suffix),
      header_(std::move(header)),
      shard_index_(shard_index),
      num_shards_(num_shards),
      buffer_bytes_(buffer_bytes),
      final_path_(final_shard_name(prefix, shard_index, num_shards, suffix)),
      file_(checked_temp(prefix, shard_index, num_shards, token, suffix), buffer_bytes, resume_at) {
  if (!resume_at) begin_file();
}

void ShardedTextWriter::begin_file() {
  if (!header_.empty()) file_.write_line(header_);
}

void ShardedTextWriter::roll(uint64_t checkpoint) {
  file_.close();
  const std::string pending =
      pending_shard_name(prefix_, shard_index_, num_shards_, token_, checkpoint, suffix_);
  if (std::rename(file_.path().c_str(), pending.c_str()) != 0)
    throw_file_error("cannot rename '" + file_.path() + "' to", pending, errno);
  // The rename is made durable with the checkpoint's state (sync_directory): a restore
  // to this checkpoint must find the part it covers.
  const std::string dir = std::filesystem::path(pending).parent_path().string();
  sync_directory(dir.empty() ? "." : dir);
  const std::string temp = file_.path();
  file_ = LineFileWriter(temp, buffer_bytes_);
  begin_file();
}

}  // namespace rill::io::text
