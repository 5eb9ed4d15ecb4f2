#pragma once
// The decompressed bytes of a gzip file, inflated with zlib as they are read. Several
// concatenated gzip members (as `cat a.gz b.gz` or parallel gzip writers produce) read as
// one stream. A zero-byte file reads as empty. Anything else that is not well-formed gzip
// (bad header, bad checksum, bytes after the last member, a member cut short) throws
// std::runtime_error naming the file and the zlib error.
#include <memory>
#include <string>

#include "io/text/byte_source.hpp"

namespace rill::io::text {

class GzipFileSource final : public ByteSource {
 public:
  explicit GzipFileSource(std::string path);
  ~GzipFileSource() override;
  size_t read(char* dst, size_t max_bytes) override;
  // Inflates and discards `offset` bytes: gzip has no random access.
  void seek_from_start(uint64_t offset) override;

 private:
  struct Inflater;
  std::unique_ptr<Inflater> inflater_;
};

}  // namespace rill::io::text
