#pragma once
// File names of sharded text output, as Beam's default ShardNameTemplate
// "-SSSSS-of-NNNNN" builds them:
//   final:     PREFIX-SSSSS-of-NNNNNSUFFIX               e.g. out/counts-00000-of-00002.txt
//   temporary: DIR/.BASE-SSSSS-of-NNNNNSUFFIX.rill-tmp-TOKEN
// and, for output published per checkpoint (graph/checkpoint_publication.hpp),
//   pending:   DIR/.BASE-SSSSS-of-NNNNNSUFFIX.rill-ckpt-KKKKKKKK-TOKEN  (checkpoint K's part)
//   final:     PREFIX-ckpt-KKKKKKKK-SSSSS-of-NNNNNSUFFIX
// where DIR/BASE is PREFIX. Temporaries live in the final directory (so that committing is
// a rename within one file system) and start with '.' (so that globs such as "out/*" do
// not see them). TOKEN identifies one attempt to write the output.
#include <cstdint>
#include <string>

namespace rill::io::text {

inline constexpr int kMaxShards = 99999;  // five digits
inline constexpr const char* kTempMarker = ".rill-tmp-";
inline constexpr const char* kPendingMarker = ".rill-ckpt-";

// Throws std::invalid_argument unless: PREFIX has a non-empty file-name part,
// 1 <= num_shards <= kMaxShards, 0 <= shard_index < num_shards (when given), and the token
// is non-empty and contains no '/'.
void validate_shard_naming(const std::string& prefix, int num_shards);
void validate_shard(const std::string& prefix, int shard_index, int num_shards);
void validate_write_token(const std::string& token);

// "-SSSSS-of-NNNNN".
std::string shard_tag(int shard_index, int num_shards);
std::string final_shard_name(const std::string& prefix, int shard_index, int num_shards,
                             const std::string& suffix = "");
std::string temp_shard_name(const std::string& prefix, int shard_index, int num_shards,
                            const std::string& token, const std::string& suffix = "");

std::string pending_shard_name(const std::string& prefix, int shard_index, int num_shards,
                               const std::string& token, uint64_t checkpoint,
                               const std::string& suffix = "");
// "-ckpt-KKKKKKKK" (at least eight digits).
std::string checkpoint_tag(uint64_t checkpoint);
std::string checkpoint_shard_name(const std::string& prefix, uint64_t checkpoint, int shard_index,
                                  int num_shards, const std::string& suffix = "");

// A fresh random token (16 hex digits) for one attempt to write an output.
std::string make_write_token();

}  // namespace rill::io::text
