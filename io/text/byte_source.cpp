#include "io/text/byte_source.hpp"

#include "io/text/gzip_file_source.hpp"
#include "io/text/plain_file_source.hpp"

namespace rill::io::text {

std::unique_ptr<ByteSource> open_byte_source(const std::string& path, Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipFileSource>(path);
    case Compression::kUncompressed:
      break;
  }
  return std::make_unique<PlainFileSource>(path);
}

}  // namespace rill::io::text
