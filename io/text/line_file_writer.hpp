#pragma once
// Writes lines to one file through a buffer: the temporary file of a sink (a shard of a
// sharded output, or a single file). Buffered: write(2) is called once per buffer_bytes.
// Checkpoints: sync() makes everything written so far durable and returns the length; a
// writer opened with `resume_at` continues the file from that length, cutting off what was
// written after it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "io/text/file_descriptor.hpp"

namespace rill::io::text {

class LineFileWriter {
 public:
  static constexpr size_t kDefaultBufferBytes = 1 << 20;

  // Creates the file's parent directories and the file (truncating it), or with
  // `resume_at` reopens it cut back to that length. Throws std::runtime_error naming the
  // file if it cannot be created, or is shorter than `resume_at`.
  explicit LineFileWriter(std::string path, size_t buffer_bytes = kDefaultBufferBytes,
                          std::optional<uint64_t> resume_at = std::nullopt);
  // Without close() the buffered tail is dropped.
  ~LineFileWriter();
  LineFileWriter(LineFileWriter&&) noexcept = default;
  LineFileWriter& operator=(LineFileWriter&&) noexcept = default;

  // Appends `line` and '\n'. Throws std::logic_error after close(), std::runtime_error naming
  // the file on I/O errors.
  void write_line(std::string_view line);
  // Flushes and fsyncs; returns the file's length, all of it durable.
  uint64_t sync();
  // Flushes, fsyncs and closes; errors throw std::runtime_error naming the file. Calling it
  // again does nothing.
  void close();

  const std::string& path() const { return path_; }
  uint64_t lines_written() const { return lines_written_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  void flush_buffer();

  std::string path_;
  FileDescriptor fd_;
  std::string buffer_;
  size_t buffer_bytes_;
  uint64_t lines_written_ = 0;
  uint64_t bytes_written_ = 0;
  bool closed_ = false;
};

}  // namespace rill::io::text
