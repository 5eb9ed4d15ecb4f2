#pragma once
// WriteToFile: one line per element into a single file PATH (not sharded), e.g. a
// dead-letter file. The sink runs as one partition; the file is written under a temporary
// name next to PATH (DIR/.BASE.rill-tmp-TOKEN, hidden from globs such as "DIR/*") and renamed
// to PATH only when the whole job succeeds, replacing an earlier file; a failed job deletes
// the temporary, so it never leaves a partial PATH. An empty input still publishes an empty
// file. Line order follows arrival order, which is not deterministic across partitions.
//   dead | rill::Map("AsJson", rill::to_json_line) | rill::io::WriteToFile("DeadLetters", path);
#include <string>

#include "graph/pcollection.hpp"

namespace rill::io {

struct WriteToFile {
  std::string name;
  std::string path;
  WriteToFile(std::string n, std::string file_path)
      : name(std::move(n)), path(std::move(file_path)) {}
  // Throws std::invalid_argument when PATH has no file-name part or is an existing directory.
  PDone expand(const PCollection<std::string>& in);
};

// DIR/.BASE.rill-tmp-TOKEN: where the file is written until the job commits it.
std::string temp_file_name(const std::string& path, const std::string& token);

}  // namespace rill::io
