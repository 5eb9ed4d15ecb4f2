#pragma once
// WriteToText: one line per element into sharded files PREFIX-SSSSS-of-NNNNN[SUFFIX].
// Shards are written under temporary names and renamed only when the whole job succeeds;
// a failed job deletes them, so it never leaves files under final names.
//   lines | rill::io::WriteToText("Write", "out/counts");
// with_header(LINE) starts every file it writes with LINE (each shard, and each checkpoint's
// part of a streaming job), as Beam's TextIO.withHeader: a CSV header, say.
#include <string>

#include "graph/pcollection.hpp"

namespace rill::io {

struct WriteToText {
  std::string name;
  std::string prefix;
  int num_shards = 0;  // 0: one shard per partition
  std::string suffix;
  std::string header;  // empty: none
  WriteToText(std::string n, std::string out_prefix, int shards = 0, std::string sfx = "")
      : name(std::move(n)),
        prefix(std::move(out_prefix)),
        num_shards(shards),
        suffix(std::move(sfx)) {}
  WriteToText& with_header(std::string line) & {
    header = std::move(line);
    return *this;
  }
  WriteToText&& with_header(std::string line) && { return std::move(with_header(std::move(line))); }
  PDone expand(const PCollection<std::string>& in);
};

}  // namespace rill::io
