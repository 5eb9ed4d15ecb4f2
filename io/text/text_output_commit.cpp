#include "io/text/text_output_commit.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "io/text/shard_names.hpp"

namespace fs = std::filesystem;

namespace rill::io::text {
namespace {

bool consume(std::string_view& s, std::string_view head) {
  if (!s.starts_with(head)) return false;
  s.remove_prefix(head.size());
  return true;
}

// Consumes at least `min` digits (all there are) into *value.
bool consume_number(std::string_view& s, size_t min, uint64_t* value) {
  size_t n = 0;
  uint64_t v = 0;
  while (n < s.size() && n < 20 && std::isdigit(static_cast<unsigned char>(s[n])))
    v = v * 10 + static_cast<uint64_t>(s[n++] - '0');
  if (n < min) return false;
  s.remove_prefix(n);
  *value = v;
  return true;
}

bool consume_five_digits(std::string_view& s, uint64_t* value) {
  if (s.size() < 5) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < 5; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
  }
  s.remove_prefix(5);
  *value = v;
  return true;
}

std::string directory_of(const std::string& prefix) {
  return fs::path(prefix).parent_path().string();
}

// A temporary of the output: .BASE-SSSSS-of-NNNNNSUFFIX.rill-tmp-TOKEN, or a checkpoint's
// pending part .BASE-SSSSS-of-NNNNNSUFFIX.rill-ckpt-KKKKKKKK-TOKEN (shard_names.hpp).
struct TempName {
  uint64_t shard = 0, shards = 0;
  std::optional<uint64_t> checkpoint;  // a pending part's
  std::string token;
};

std::optional<TempName> parse_temp(std::string_view name, std::string_view base,
                                   std::string_view suffix) {
  TempName t;
  if (!consume(name, ".") || !consume(name, base) || !consume(name, "-") ||
      !consume_five_digits(name, &t.shard) || !consume(name, "-of-") ||
      !consume_five_digits(name, &t.shards) || !consume(name, suffix))
    return std::nullopt;
  if (consume(name, kPendingMarker)) {
    uint64_t k = 0;
    if (!consume_number(name, 8, &k) || !consume(name, "-")) return std::nullopt;
    t.checkpoint = k;
  } else if (!consume(name, kTempMarker)) {
    return std::nullopt;
  }
  if (name.empty()) return std::nullopt;
  t.token = std::string(name);
  return t;
}

// A published part: BASE-ckpt-KKKKKKKK-SSSSS-of-NNNNNSUFFIX -> K.
std::optional<uint64_t> part_checkpoint(std::string_view name, std::string_view base,
                                        std::string_view suffix) {
  uint64_t k = 0, shard = 0, shards = 0;
  if (!consume(name, base) || !consume(name, "-ckpt-") || !consume_number(name, 8, &k) ||
      !consume(name, "-") || !consume_five_digits(name, &shard) || !consume(name, "-of-") ||
      !consume_five_digits(name, &shards) || name != suffix)
    return std::nullopt;
  return k;
}

std::string temp_token(std::string_view name, std::string_view base, std::string_view suffix) {
  auto t = parse_temp(name, base, suffix);
  return t ? t->token : std::string();
}

}  // namespace

TextOutputCommit::TextOutputCommit(std::string prefix, std::string suffix)
    : prefix_(std::move(prefix)),
      suffix_(std::move(suffix)),
      publication_(prefix_, directory_of(prefix_),
                   "." + fs::path(prefix_).filename().string() + "-SSSSS-of-NNNNN" + suffix_,
                   [base = fs::path(prefix_).filename().string(), sfx = suffix_](
                       const std::string& name) { return temp_token(name, base, sfx); }) {
  validate_shard_naming(prefix_, 1);
}

std::vector<std::string> TextOutputCommit::final_names(int num_shards) const {
  validate_shard_naming(prefix_, num_shards);
  const std::string base = fs::path(prefix_).filename().string();
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(num_shards));
  for (int s = 0; s < num_shards; ++s) names.push_back(base + shard_tag(s, num_shards) + suffix_);
  return names;
}

void TextOutputCommit::begin(const std::string& token, int num_shards) {
  validate_write_token(token);
  publication_.begin(token, final_names(num_shards));
}

std::vector<std::string> TextOutputCommit::commit(const std::string& token, int num_shards) {
  validate_write_token(token);
  auto finals = final_names(num_shards);
  std::vector<std::string> temps;
  temps.reserve(finals.size());
  for (int s = 0; s < num_shards; ++s)
    temps.push_back(
        fs::path(temp_shard_name(prefix_, s, num_shards, token, suffix_)).filename().string());
  return publication_.publish(token, temps, finals);
}

std::vector<std::string> TextOutputCommit::commit_checkpoints(const std::string& token,
                                                              int num_shards, uint64_t upto,
                                                              std::optional<uint64_t> last) {
  validate_write_token(token);
  validate_shard_naming(prefix_, num_shards);
  const std::string base = fs::path(prefix_).filename().string();
  std::vector<std::pair<std::pair<uint64_t, uint64_t>, std::string>> parts;  // (K, shard), name
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(publication_.directory(), ec)) {
    const std::string name = e.path().filename().string();
    const auto t = parse_temp(name, base, suffix_);
    if (t && t->checkpoint && *t->checkpoint <= upto && t->token == token &&
        t->shards == static_cast<uint64_t>(num_shards))
      parts.push_back({{*t->checkpoint, t->shard}, name});
  }
  std::sort(parts.begin(), parts.end());
  std::vector<std::string> temps, finals;
  for (const auto& [at, name] : parts) {
    temps.push_back(name);
    finals.push_back(base + checkpoint_tag(at.first) +
                     shard_tag(static_cast<int>(at.second), num_shards) + suffix_);
  }
  if (last)
    for (int s = 0; s < num_shards; ++s) {
      temps.push_back(
          fs::path(temp_shard_name(prefix_, s, num_shards, token, suffix_)).filename().string());
      finals.push_back(base + checkpoint_tag(*last) + shard_tag(s, num_shards) + suffix_);
    }
  if (temps.empty()) return {};
  return publication_.publish_more(token, temps, finals);
}

size_t TextOutputCommit::discard_checkpoints_after(const std::string& token, uint64_t checkpoint) {
  validate_write_token(token);
  const std::string base = fs::path(prefix_).filename().string();
  // Published parts of later checkpoints (a restore to an older checkpoint than the newest
  // published: the latest was damaged, or a savepoint is restored again) are taken back:
  // their lines come again.
  size_t removed = publication_.withdraw(token, [&](const std::string& name) {
    const auto k = part_checkpoint(name, base, suffix_);
    return k && *k > checkpoint;
  });
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(publication_.directory(), ec)) {
    const auto t = parse_temp(e.path().filename().string(), base, suffix_);
    if (!t || !t->checkpoint || *t->checkpoint <= checkpoint || t->token != token) continue;
    fs::remove(e.path(), ec);
    if (ec)
      throw std::runtime_error("cannot remove the pending output part '" + e.path().string() +
                               "': " + ec.message());
    ++removed;
  }
  return removed;
}

size_t TextOutputCommit::abort(const std::string& token) {
  validate_write_token(token);
  return publication_.discard(token);
}

}  // namespace rill::io::text
