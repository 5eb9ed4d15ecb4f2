#include "io/text/shard_names.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace rill::io::text {

void validate_shard_naming(const std::string& prefix, int num_shards) {
  if (std::filesystem::path(prefix).filename().empty()) {
    throw std::invalid_argument("output prefix '" + prefix + "' has no file-name part");
  }
  if (num_shards < 1 || num_shards > kMaxShards) {
    throw std::invalid_argument("output '" + prefix + "': shard count must be in [1, " +
                                std::to_string(kMaxShards) + "], got " +
                                std::to_string(num_shards));
  }
}

void validate_shard(const std::string& prefix, int shard_index, int num_shards) {
  validate_shard_naming(prefix, num_shards);
  if (shard_index < 0 || shard_index >= num_shards) {
    throw std::invalid_argument("output '" + prefix + "': shard index " +
                                std::to_string(shard_index) + " is not in [0, " +
                                std::to_string(num_shards) + ")");
  }
}

void validate_write_token(const std::string& token) {
  if (token.empty() || token.find('/') != std::string::npos) {
    throw std::invalid_argument("write token '" + token + "' must be non-empty without '/'");
  }
}

std::string shard_tag(int shard_index, int num_shards) {
  char tag[32];
  std::snprintf(tag, sizeof tag, "-%05d-of-%05d", shard_index, num_shards);
  return tag;
}

std::string final_shard_name(const std::string& prefix, int shard_index, int num_shards,
                             const std::string& suffix) {
  return prefix + shard_tag(shard_index, num_shards) + suffix;
}

std::string temp_shard_name(const std::string& prefix, int shard_index, int num_shards,
                            const std::string& token, const std::string& suffix) {
  std::filesystem::path p(prefix);
  std::string name = "." + p.filename().string() + shard_tag(shard_index, num_shards) + suffix +
                     kTempMarker + token;
  return (p.parent_path() / name).string();
}

std::string checkpoint_tag(uint64_t checkpoint) {
  char tag[40];
  std::snprintf(tag, sizeof tag, "-ckpt-%08llu", static_cast<unsigned long long>(checkpoint));
  return tag;
}

std::string pending_shard_name(const std::string& prefix, int shard_index, int num_shards,
                               const std::string& token, uint64_t checkpoint,
                               const std::string& suffix) {
  std::filesystem::path p(prefix);
  std::string name = "." + p.filename().string() + shard_tag(shard_index, num_shards) + suffix +
                     kPendingMarker + checkpoint_tag(checkpoint).substr(6) + "-" + token;
  return (p.parent_path() / name).string();
}

std::string checkpoint_shard_name(const std::string& prefix, uint64_t checkpoint, int shard_index,
                                  int num_shards, const std::string& suffix) {
  return prefix + checkpoint_tag(checkpoint) + shard_tag(shard_index, num_shards) + suffix;
}

std::string make_write_token() {
  std::random_device device;
  std::seed_seq seed{
      device(), device(),
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count())};
  std::mt19937_64 rng(seed);
  char token[17];
  std::snprintf(token, sizeof token, "%016llx", static_cast<unsigned long long>(rng()));
  return token;
}

}  // namespace rill::io::text
