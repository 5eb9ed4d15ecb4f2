#pragma once
// Writes one shard of a sharded text output. Lines go to the shard's temporary file (see
// shard_names.hpp), never to its final name: only TextOutputCommit::commit gives a file its
// final name, once every shard is closed, so a failed job leaves no file under a final name.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/text/file_descriptor.hpp"

namespace rill::io::text {

class ShardedTextWriter {
 public:
  static constexpr size_t kDefaultBufferBytes = 1 << 20;

  // Creates the prefix's parent directories and the temporary file (truncating one left by
  // the same token). Throws std::invalid_argument for bad names (see shard_names.hpp),
  // std::runtime_error naming the file if it cannot be created.
  ShardedTextWriter(std::string prefix, int shard_index, int num_shards, std::string token,
                    std::string suffix = "", size_t buffer_bytes = kDefaultBufferBytes);
  // Without close() the buffered tail is dropped and the temporary file left for abort().
  ~ShardedTextWriter();
  ShardedTextWriter(ShardedTextWriter&&) noexcept = default;
  ShardedTextWriter& operator=(ShardedTextWriter&&) noexcept = default;

  // Appends `line` and '\n'. Buffered: write(2) is called once per buffer_bytes.
  // Throws std::logic_error after close(), std::runtime_error naming the file on I/O errors.
  void write_line(std::string_view line);
  // Flushes, fsyncs and closes the temporary file; errors throw std::runtime_error naming
  // it. Calling it again does nothing.
  void close();

  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }
  uint64_t lines_written() const { return lines_written_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  void flush_buffer();

  std::string temp_path_;
  std::string final_path_;
  FileDescriptor fd_;
  std::string buffer_;
  size_t buffer_bytes_;
  uint64_t lines_written_ = 0;
  uint64_t bytes_written_ = 0;
  bool closed_ = false;
};

}  // namespace rill::io::text
