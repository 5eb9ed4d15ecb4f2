#pragma once
// A TextSplit is one reader's share of a text file: the lines whose first byte lies in
// [start_offset, end_offset). Offsets count bytes of the (decompressed) content, so a
// resumed reader is simply a split that starts at a checkpointed offset.
#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "io/text/compression.hpp"

namespace rill::io::text {

// An end offset meaning "up to the end of the content, however long it is" (the
// uncompressed length of a .gz file is not known before reading it).
inline constexpr uint64_t kEndOfContent = std::numeric_limits<uint64_t>::max();

struct TextSplit {
  std::string path;
  uint64_t start_offset = 0;
  uint64_t end_offset = kEndOfContent;  // exclusive
  Compression compression = Compression::kUncompressed;

  static TextSplit whole_file(std::string path) {
    Compression c = compression_for_path(path);
    return TextSplit{std::move(path), 0, kEndOfContent, c};
  }
  friend auto operator<=>(const TextSplit&, const TextSplit&) = default;
};

// Cuts `files` into splits for about `desired_splits` parallel readers:
//  - every uncompressed file is cut into byte ranges of roughly equal size, aiming at
//    total_bytes / desired_splits bytes per split but never below `min_split_bytes`
//    (so a file smaller than that is one split, and one file never yields more than
//    `desired_splits` splits);
//  - a .gz file is one split covering all of it (gzip cannot be entered mid-stream);
//  - an empty file yields no split at all.
// Splits come file by file in the order given, each file's in offset order, so reading
// them one after the other yields every line exactly once, in file order. An uncompressed
// file's last split ends at the size seen now (lines appended later are not read).
// Throws std::invalid_argument if desired_splits < 1, std::runtime_error (naming the file)
// if a file cannot be examined.
std::vector<TextSplit> plan_splits(const std::vector<std::string>& files, int desired_splits,
                                   uint64_t min_split_bytes = 1 << 20);

}  // namespace rill::io::text
