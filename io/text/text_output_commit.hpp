#pragma once
// Publishes one sharded text output (PREFIX-SSSSS-of-NNNNN[SUFFIX], written by
// ShardedTextWriter under temporary names) through an OutputPublication: see there for the
// rules (lock, manifest, all-or-nothing commit, never touching files rill did not write).
// Its bookkeeping files are DIR/.BASE-SSSSS-of-NNNNN[SUFFIX].rill-manifest and .rill-lock.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/text/output_publication.hpp"

namespace rill::io::text {

class TextOutputCommit {
 public:
  explicit TextOutputCommit(std::string prefix, std::string suffix = "");

  // Before the job: see OutputPublication::begin (this run publishes num_shards shards).
  void begin(const std::string& token, int num_shards);
  // Gives every shard of the attempt its final name and returns the final names in shard
  // order. If a temporary is missing it throws std::runtime_error naming it and renames
  // nothing. The previous commit's shards that this one does not replace (another shard
  // count) are deleted, so "PREFIX-*" matches exactly this run's output; files rill did not
  // write are never touched.
  std::vector<std::string> commit(const std::string& token, int num_shards);
  // Deletes every temporary of the attempt `token` (whatever its shard count); final names
  // are never touched. Missing files are fine. Returns how many files it deleted.
  size_t abort(const std::string& token);
  // Publication per checkpoint (graph/checkpoint_publication.hpp): gives the pending parts of
  // checkpoints <= `upto` (ShardedTextWriter::roll) their final names
  // PREFIX-ckpt-KKKKKKKK-SSSSS-of-NNNNN[SUFFIX], and with `last` the shards' temporaries too,
  // as checkpoint *last's; one commit each time, added to what the run published before (a
  // new run's first commit replaces an earlier run's output). Returns the final paths.
  std::vector<std::string> commit_checkpoints(const std::string& token, int num_shards,
                                              uint64_t upto, std::optional<uint64_t> last);
  // Deletes the parts of checkpoints after `checkpoint`, pending and (when this run
  // published them) published; returns how many.
  size_t discard_checkpoints_after(const std::string& token, uint64_t checkpoint);
  void end() { publication_.end(); }

  const std::string& prefix() const { return prefix_; }
  std::string manifest_path() const { return publication_.manifest_path(); }
  std::string lock_path() const { return publication_.lock_path(); }

 private:
  std::vector<std::string> final_names(int num_shards) const;  // file names, no directory

  std::string prefix_, suffix_;
  OutputPublication publication_;
};

}  // namespace rill::io::text
