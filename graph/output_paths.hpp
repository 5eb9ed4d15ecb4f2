#pragma once
// What a job reads and writes on the file system, declared by its sources and sinks, so that
// the runner can refuse a job whose output would overwrite its own input or another sink's
// output before anything runs (exit 2 naming both paths).
//
// A sink's output names are patterns: fixed characters and decimal digits (shard numbers),
// e.g. "out/counts-#####-of-#####.txt". Paths are compared after normalisation (absolute,
// symlinks of existing directories resolved), so "./out/x" and "out/x" are the same file.
#include <string>
#include <vector>

namespace rill {

class GraphDef;

class PathPattern {
 public:
  // A single file.
  static PathPattern exact(const std::string& path);
  // DIR/BASE, then `digits_tag` (a template where '#' stands for one digit, e.g.
  // "-#####-of-#####"), then `suffix`: `prefix` is DIR/BASE.
  static PathPattern with_digits(const std::string& prefix, const std::string& digits_tag,
                                 const std::string& suffix);

  // Whether the file at `path` (normalised here) has a name this pattern produces.
  bool matches(const std::string& path) const;
  // Whether some file name matches both patterns.
  bool overlaps(const PathPattern& other) const;
  // As the user wrote it, each digit shown as '#': "out/c-#####-of-#####".
  const std::string& display() const { return display_; }

 private:
  static constexpr int kDigit = -1;
  std::string dir_;        // normalised
  std::vector<int> name_;  // characters of the file name; kDigit: any of 0-9
  std::string display_;
};

// One sink's files: the names it publishes, and the hidden files it keeps beside them
// (manifest, lock), which no other sink of the job may share.
struct SinkOutputs {
  std::vector<PathPattern> finals;
  std::vector<std::string> bookkeeping;  // normalised by the check
};

// Normalises a path as the checks compare them: absolute, lexically normal, the longest
// existing leading part resolved through symlinks.
std::string normal_path(const std::string& path);

// Throws std::invalid_argument naming both steps and both paths when a sink would write a
// file that is a source's input, or a file another sink writes, or when two sinks share a
// bookkeeping file.
void check_output_paths(const GraphDef& g);

}  // namespace rill
