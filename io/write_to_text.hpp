#pragma once
// WriteToText: one line per element into sharded files PREFIX-SSSSS-of-NNNNN[SUFFIX].
// Shards are written under temporary names and renamed only when the whole job succeeds;
// a failed job deletes them, so it never leaves files under final names.
//   lines | rill::io::WriteToText("Write", "out/counts");
#include <string>

#include "graph/pcollection.hpp"

namespace rill::io {

struct WriteToText {
  std::string name;
  std::string prefix;
  int num_shards = 0;  // 0: one shard per partition
  std::string suffix;
  WriteToText(std::string n, std::string out_prefix, int shards = 0, std::string sfx = "")
      : name(std::move(n)),
        prefix(std::move(out_prefix)),
        num_shards(shards),
        suffix(std::move(sfx)) {}
  PDone expand(const PCollection<std::string>& in);
};

}  // namespace rill::io
