#pragma once
// Synthetic English-like text for the wordcount benchmark (rill-bench wordcount FILE
// --generate=MB). Deterministic: the same size always gives the same file. Words come from a
// fixed vocabulary of ~30k made-up words with a skewed (roughly Zipf-like) frequency; lines
// hold 6 to 16 words, with capitals, apostrophes, punctuation and numbers.
#include <cstdint>
#include <string>

namespace rill::bench {

// Writes about `megabytes` MiB of text to `path` (whole lines). Throws std::runtime_error.
void generate_text(const std::string& path, int64_t megabytes);

}  // namespace rill::bench
