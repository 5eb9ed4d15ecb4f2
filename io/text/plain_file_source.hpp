#pragma once
// The bytes of an uncompressed file, read with plain read(2) calls into the caller's buffer.
#include <string>

#include "io/text/byte_source.hpp"
#include "io/text/file_descriptor.hpp"

namespace rill::io::text {

class PlainFileSource final : public ByteSource {
 public:
  explicit PlainFileSource(std::string path);
  size_t read(char* dst, size_t max_bytes) override;
  void seek_from_start(uint64_t offset) override;

 private:
  std::string path_;
  FileDescriptor fd_;
};

}  // namespace rill::io::text
