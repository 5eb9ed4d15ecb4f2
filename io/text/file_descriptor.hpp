#pragma once
// A POSIX file descriptor that closes itself, plus the two error helpers every file
// primitive in io/text shares (messages always name the file).
#include <cstddef>
#include <string>

namespace rill::io::text {

class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();
  // Closes now and reports the error close(2) returns (-1 and errno), or 0.
  int close();

 private:
  int fd_ = -1;
};

// Opens `path` for reading; throws std::runtime_error "cannot open 'path' for reading: ...".
FileDescriptor open_for_reading(const std::string& path);

// Reads until `max_bytes` are in `dst` or the file ends (retrying EINTR and short reads);
// returns the count, 0 only at end of file. Errors throw, naming `path`.
size_t read_up_to(const FileDescriptor& fd, char* dst, size_t max_bytes, const std::string& path);

// Writes all of [data, data + size), retrying EINTR and short writes. Errors throw.
void write_all(const FileDescriptor& fd, const char* data, size_t size, const std::string& path);

// fsyncs directory `dir` ("" is the working directory), so that renames and new files in it
// are durable. File systems that refuse fsync on directories (EINVAL) need none. Errors throw.
void sync_directory(const std::string& dir);

// Throws std::runtime_error("<what> '<path>': <strerror(errno_value)>").
[[noreturn]] void throw_file_error(const std::string& what, const std::string& path,
                                   int errno_value);

}  // namespace rill::io::text
