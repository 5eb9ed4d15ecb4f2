#pragma once
// Finishes or abandons one attempt (identified by its token) to write a sharded text
// output whose shards were written by ShardedTextWriter.
#include <cstddef>
#include <string>
#include <vector>

namespace rill::io::text {

struct TextOutputCommit {
  // Gives every shard of the attempt its final name and returns the final names in shard
  // order. First checks that all num_shards temporaries exist: if one is missing it throws
  // std::runtime_error naming it and renames nothing. Then renames each temporary over its
  // final name (each rename is atomic; a final shard of an earlier run is replaced).
  // Finally it deletes stale final shards of an earlier run with the same prefix and suffix
  // but another shard count (PREFIX-SSSSS-of-MMMMMSUFFIX, MMMMM != num_shards), so that
  // "PREFIX-*" matches exactly this run's output, and syncs the directory.
  // Not atomic as a whole: a crash part-way leaves some shards renamed, others temporary.
  static std::vector<std::string> commit(const std::string& prefix, int num_shards,
                                         const std::string& token, const std::string& suffix = "");

  // Deletes every temporary of the attempt `token` under `prefix` (whatever shard count or
  // suffix it was written with); final names are never touched. Missing files are fine, so
  // calling it twice or after a partial write is safe. Returns how many files it deleted.
  static size_t abort(const std::string& prefix, int num_shards, const std::string& token);
};

}  // namespace rill::io::text
