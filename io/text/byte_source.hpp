#pragma once
// A forward-only stream of a file's (decompressed) bytes: what TextRangeReader scans for
// line breaks. Offsets are positions in that stream, so for a .gz file they count
// uncompressed bytes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "io/text/compression.hpp"

namespace rill::io::text {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `max_bytes` of `dst`; returns how many, 0 only at the end of the stream.
  virtual size_t read(char* dst, size_t max_bytes) = 0;
  // Positions the stream at `offset` from its beginning; only called before the first read.
  // Past the end is allowed (the next read returns 0).
  virtual void seek_from_start(uint64_t offset) = 0;
};

// Opens `path` as a plain or gzip byte stream; throws std::runtime_error naming the file.
std::unique_ptr<ByteSource> open_byte_source(const std::string& path, Compression compression);

}  // namespace rill::io::text
