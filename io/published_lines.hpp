#pragma once
// The lines of a run's published files (PipelineResult::outputs) as a multiset, for comparing
// runs whose shard counts differ: each line is keyed by its output with the shard numbers
// masked, "out/counts-#####-of-#####: the: 3".
#include <string>
#include <vector>

#include "graph/testing/determinism_check.hpp"

namespace rill::io {

// "out/counts-00001-of-00004.txt" -> "out/counts-#####-of-#####.txt" (and checkpoint parts'
// "-ckpt-KKKKKKKK" likewise); other names as they are.
std::string output_of_file(const std::string& file);

// Throws std::runtime_error naming a file that cannot be read.
testing::ElementCounts published_lines(const std::vector<std::string>& files);

}  // namespace rill::io
