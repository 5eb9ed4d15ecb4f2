#include "io/text/text_split.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace rill::io::text {
namespace {

uint64_t file_size_or_throw(const std::string& path) {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) throw std::runtime_error("cannot get the size of '" + path + "': " + ec.message());
  return size;
}

uint64_t ceil_div(uint64_t a, uint64_t b) {
  return a / b + (a % b != 0);
}

}  // namespace

std::vector<TextSplit> plan_splits(const std::vector<std::string>& files, int desired_splits,
                                   uint64_t min_split_bytes) {
  if (desired_splits < 1) {
    throw std::invalid_argument("plan_splits: desired_splits must be at least 1, got " +
                                std::to_string(desired_splits));
  }
  std::vector<uint64_t> sizes;
  sizes.reserve(files.size());
  uint64_t total_bytes = 0;
  for (const auto& file : files) {
    sizes.push_back(file_size_or_throw(file));
    total_bytes += sizes.back();
  }
  const uint64_t target_bytes = std::max<uint64_t>(
      {ceil_div(total_bytes, static_cast<uint64_t>(desired_splits)), min_split_bytes, 1});

  std::vector<TextSplit> splits;
  for (size_t i = 0; i < files.size(); ++i) {
    const uint64_t size = sizes[i];
    if (size == 0) continue;
    TextSplit whole = TextSplit::whole_file(files[i]);
    if (whole.compression != Compression::kUncompressed) {
      splits.push_back(std::move(whole));
      continue;
    }
    // Even pieces: the first (size % pieces) get one byte more.
    const uint64_t pieces = ceil_div(size, target_bytes);
    const uint64_t base = size / pieces, extra = size % pieces;
    uint64_t start = 0;
    for (uint64_t p = 0; p < pieces; ++p) {
      uint64_t end = start + base + (p < extra ? 1 : 0);
      splits.push_back(TextSplit{files[i], start, end, Compression::kUncompressed});
      start = end;
    }
  }
  return splits;
}

}  // namespace rill::io::text
