#include "io/text/sharded_text_writer.hpp"

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
                                     std::optional<uint64_t> resume_at)
    : final_path_(final_shard_name(prefix, shard_index, num_shards, suffix)),
      file_(checked_temp(prefix, shard_index, num_shards, token, suffix), buffer_bytes, resume_at) {
}

}  // namespace rill::io::text
