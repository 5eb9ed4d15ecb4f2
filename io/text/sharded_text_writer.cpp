#include "io/text/sharded_text_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "io/text/shard_names.hpp"

namespace rill::io::text {
namespace {

FileDescriptor create_for_writing(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      throw std::runtime_error("cannot create directory '" + parent.string() + "' for '" + path +
                               "': " + ec.message());
    }
  }
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_file_error("cannot create", path, errno);
  return FileDescriptor(fd);
}

}  // namespace

ShardedTextWriter::ShardedTextWriter(std::string prefix, int shard_index, int num_shards,
                                     std::string token, std::string suffix, size_t buffer_bytes)
    : buffer_bytes_(std::max<size_t>(buffer_bytes, 1)) {
  validate_shard(prefix, shard_index, num_shards);
  validate_write_token(token);
  temp_path_ = temp_shard_name(prefix, shard_index, num_shards, token, suffix);
  final_path_ = final_shard_name(prefix, shard_index, num_shards, suffix);
  fd_ = create_for_writing(temp_path_);
  buffer_.reserve(buffer_bytes_);
}

ShardedTextWriter::~ShardedTextWriter() = default;

void ShardedTextWriter::flush_buffer() {
  write_all(fd_, buffer_.data(), buffer_.size(), temp_path_);
  buffer_.clear();
}

void ShardedTextWriter::write_line(std::string_view line) {
  if (closed_) throw std::logic_error("write_line on closed shard '" + temp_path_ + "'");
  const uint64_t line_bytes = line.size() + 1;
  if (buffer_.size() + line.size() + 1 > buffer_bytes_) {
    flush_buffer();
    if (line.size() + 1 > buffer_bytes_) {  // too big to buffer: write it straight away
      write_all(fd_, line.data(), line.size(), temp_path_);
      line = {};
    }
  }
  buffer_.append(line);
  buffer_.push_back('\n');
  ++lines_written_;
  bytes_written_ += line_bytes;
}

void ShardedTextWriter::close() {
  if (closed_) return;
  closed_ = true;
  flush_buffer();
  if (::fsync(fd_.get()) < 0) throw_file_error("cannot sync", temp_path_, errno);
  if (fd_.close() < 0) throw_file_error("cannot close", temp_path_, errno);
}

}  // namespace rill::io::text
