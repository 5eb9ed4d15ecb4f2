#include "io/text/text_output_commit.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "io/text/file_descriptor.hpp"
#include "io/text/shard_names.hpp"

namespace fs = std::filesystem;

namespace rill::io::text {
namespace {

fs::path output_directory(const std::string& prefix) {
  fs::path parent = fs::path(prefix).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

bool consume(std::string_view& s, std::string_view head) {
  if (!s.starts_with(head)) return false;
  s.remove_prefix(head.size());
  return true;
}

bool consume_five_digits(std::string_view& s, int& value) {
  if (s.size() < 5) return false;
  value = 0;
  for (int i = 0; i < 5; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    value = value * 10 + (s[i] - '0');
  }
  s.remove_prefix(5);
  return true;
}

// If `name` is BASE-SSSSS-of-NNNNNSUFFIX, stores NNNNN in `num_shards`.
bool parse_final_shard_name(std::string_view name, std::string_view base, std::string_view suffix,
                            int& num_shards) {
  int shard_index = 0;
  return consume(name, base) && consume(name, "-") && consume_five_digits(name, shard_index) &&
         consume(name, "-of-") && consume_five_digits(name, num_shards) && name == suffix;
}

void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_file_error("cannot open directory", dir.string(), errno);
  FileDescriptor owned(fd);
  // Some file systems refuse fsync on directories (EINVAL); their renames need no sync.
  if (::fsync(fd) < 0 && errno != EINVAL)
    throw_file_error("cannot sync directory", dir.string(), errno);
}

void remove_stale_final_shards(const std::string& prefix, int num_shards,
                               const std::string& suffix) {
  const fs::path dir = output_directory(prefix);
  const std::string base = fs::path(prefix).filename().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    int count = 0;
    std::string name = entry.path().filename().string();
    if (!parse_final_shard_name(name, base, suffix, count) || count == num_shards) continue;
    std::error_code remove_ec;
    fs::remove(entry.path(), remove_ec);
    if (remove_ec) {
      throw std::runtime_error("cannot remove stale shard '" + entry.path().string() +
                               "': " + remove_ec.message());
    }
  }
  if (ec) throw std::runtime_error("cannot list '" + dir.string() + "': " + ec.message());
}

}  // namespace

std::vector<std::string> TextOutputCommit::commit(const std::string& prefix, int num_shards,
                                                  const std::string& token,
                                                  const std::string& suffix) {
  validate_shard_naming(prefix, num_shards);
  validate_write_token(token);
  for (int s = 0; s < num_shards; ++s) {
    std::string temp = temp_shard_name(prefix, s, num_shards, token, suffix);
    std::error_code ec;
    if (!fs::is_regular_file(temp, ec)) {
      throw std::runtime_error("cannot commit output '" + prefix + "': temporary shard '" + temp +
                               "' is missing");
    }
  }
  std::vector<std::string> finals;
  finals.reserve(num_shards);
  for (int s = 0; s < num_shards; ++s) {
    std::string temp = temp_shard_name(prefix, s, num_shards, token, suffix);
    std::string final_name = final_shard_name(prefix, s, num_shards, suffix);
    if (std::rename(temp.c_str(), final_name.c_str()) != 0) {
      throw_file_error("cannot rename '" + temp + "' to", final_name, errno);
    }
    finals.push_back(std::move(final_name));
  }
  remove_stale_final_shards(prefix, num_shards, suffix);
  sync_directory(output_directory(prefix));
  return finals;
}

size_t TextOutputCommit::abort(const std::string& prefix, int num_shards,
                               const std::string& token) {
  validate_shard_naming(prefix, num_shards);
  validate_write_token(token);
  const std::string base = fs::path(prefix).filename().string();
  const std::string tail = kTempMarker + token;
  size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(output_directory(prefix), ec)) {
    // .BASE-SSSSS-of-NNNNN<any suffix>.rill-tmp-TOKEN
    std::string name = entry.path().filename().string();
    std::string_view rest = name;
    int index = 0, count = 0;
    if (!rest.ends_with(tail) || !consume(rest, ".") || !consume(rest, base) ||
        !consume(rest, "-") || !consume_five_digits(rest, index) || !consume(rest, "-of-") ||
        !consume_five_digits(rest, count) || rest.size() < tail.size()) {
      continue;
    }
    std::error_code remove_ec;
    if (fs::remove(entry.path(), remove_ec)) ++removed;
    if (remove_ec) {
      throw std::runtime_error("cannot remove temporary shard '" + entry.path().string() +
                               "': " + remove_ec.message());
    }
  }
  return removed;  // a missing directory means nothing was ever written
}

}  // namespace rill::io::text
