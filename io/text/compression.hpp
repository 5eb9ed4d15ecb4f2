#pragma once
// How a text file's bytes are stored on disk. Chosen from the file name, as Beam's
// Compression.AUTO does: "*.gz" is gzip, everything else is read as plain bytes.
#include <string_view>

namespace rill::io::text {

enum class Compression { kUncompressed, kGzip };

inline Compression compression_for_path(std::string_view path) {
  return path.ends_with(".gz") ? Compression::kGzip : Compression::kUncompressed;
}

}  // namespace rill::io::text
