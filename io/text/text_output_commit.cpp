#include "io/text/text_output_commit.hpp"

#include <cctype>
#include <filesystem>
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

bool consume_five_digits(std::string_view& s) {
  if (s.size() < 5) return false;
  for (int i = 0; i < 5; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  s.remove_prefix(5);
  return true;
}

std::string directory_of(const std::string& prefix) {
  return fs::path(prefix).parent_path().string();
}

// .BASE-SSSSS-of-NNNNNSUFFIX.rill-tmp-TOKEN -> TOKEN
std::string temp_token(std::string_view name, std::string_view base, std::string_view suffix) {
  if (!consume(name, ".") || !consume(name, base) || !consume(name, "-") ||
      !consume_five_digits(name) || !consume(name, "-of-") || !consume_five_digits(name) ||
      !consume(name, suffix) || !consume(name, kTempMarker))
    return {};
  return std::string(name);
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

size_t TextOutputCommit::abort(const std::string& token) {
  validate_write_token(token);
  return publication_.discard(token);
}

}  // namespace rill::io::text
