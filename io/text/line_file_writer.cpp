#include "io/text/line_file_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace rill::io::text {
namespace {

FileDescriptor create_for_writing(const std::string& path, std::optional<uint64_t> resume_at) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      throw std::runtime_error("cannot create directory '" + parent.string() + "' for '" + path +
                               "': " + ec.message());
    }
  }
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (resume_at ? 0 : O_TRUNC);
  int fd;
  do {
    fd = ::open(path.c_str(), flags, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_file_error(resume_at ? "cannot reopen" : "cannot create", path, errno);
  FileDescriptor owned(fd);
  if (resume_at) {
    struct stat st {};
    if (::fstat(fd, &st) < 0) throw_file_error("cannot stat", path, errno);
    if (static_cast<uint64_t>(st.st_size) < *resume_at)
      throw std::runtime_error("cannot resume '" + path + "': it holds " +
                               std::to_string(st.st_size) + " bytes, the checkpoint recorded " +
                               std::to_string(*resume_at));
    if (::ftruncate(fd, static_cast<off_t>(*resume_at)) < 0)
      throw_file_error("cannot cut back", path, errno);
    if (::lseek(fd, 0, SEEK_END) < 0) throw_file_error("cannot seek in", path, errno);
  }
  return owned;
}

}  // namespace

LineFileWriter::LineFileWriter(std::string path, size_t buffer_bytes,
                               std::optional<uint64_t> resume_at)
    : path_(std::move(path)), buffer_bytes_(std::max<size_t>(buffer_bytes, 1)) {
  fd_ = create_for_writing(path_, resume_at);
  bytes_written_ = resume_at.value_or(0);
  buffer_.reserve(buffer_bytes_);
}

LineFileWriter::~LineFileWriter() = default;

void LineFileWriter::flush_buffer() {
  write_all(fd_, buffer_.data(), buffer_.size(), path_);
  buffer_.clear();
}

void LineFileWriter::write_line(std::string_view line) {
  if (closed_) throw std::logic_error("write_line on closed shard '" + path_ + "'");
  const uint64_t line_bytes = line.size() + 1;
  if (buffer_.size() + line.size() + 1 > buffer_bytes_) {
    flush_buffer();
    if (line.size() + 1 > buffer_bytes_) {  // too big to buffer: write it straight away
      write_all(fd_, line.data(), line.size(), path_);
      line = {};
    }
  }
  buffer_.append(line);
  buffer_.push_back('\n');
  ++lines_written_;
  bytes_written_ += line_bytes;
}

uint64_t LineFileWriter::sync() {
  if (closed_) return bytes_written_;
  flush_buffer();
  if (::fdatasync(fd_.get()) < 0) throw_file_error("cannot sync", path_, errno);
  return bytes_written_;
}

void LineFileWriter::close() {
  if (closed_) return;
  closed_ = true;
  flush_buffer();
  if (::fsync(fd_.get()) < 0) throw_file_error("cannot sync", path_, errno);
  if (fd_.close() < 0) throw_file_error("cannot close", path_, errno);
}

}  // namespace rill::io::text
