#include "io/text/file_descriptor.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace rill::io::text {

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.release();
  }
  return *this;
}

FileDescriptor::~FileDescriptor() {
  close();
}

int FileDescriptor::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

int FileDescriptor::close() {
  if (fd_ < 0) return 0;
  int rc = ::close(release());
  // POSIX leaves the descriptor state unspecified after EINTR; Linux always closes it.
  return (rc < 0 && errno == EINTR) ? 0 : rc;
}

FileDescriptor open_for_reading(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw_file_error("cannot open for reading", path, errno);
  return FileDescriptor(fd);
}

size_t read_up_to(const FileDescriptor& fd, char* dst, size_t max_bytes, const std::string& path) {
  size_t total = 0;
  while (total < max_bytes) {
    ssize_t n = ::read(fd.get(), dst + total, max_bytes - total);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_file_error("cannot read", path, errno);
    }
    if (n == 0) break;
    total += static_cast<size_t>(n);
  }
  return total;
}

void write_all(const FileDescriptor& fd, const char* data, size_t size, const std::string& path) {
  while (size > 0) {
    ssize_t n = ::write(fd.get(), data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_file_error("cannot write", path, errno);
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void sync_directory(const std::string& dir) {
  const std::string path = dir.empty() ? "." : dir;
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_file_error("cannot open directory", path, errno);
  FileDescriptor owned(fd);
  if (::fsync(fd) < 0 && errno != EINVAL) throw_file_error("cannot sync directory", path, errno);
}

void throw_file_error(const std::string& what, const std::string& path, int errno_value) {
  throw std::runtime_error(what + " '" + path + "': " + std::strerror(errno_value));
}

}  // namespace rill::io::text
