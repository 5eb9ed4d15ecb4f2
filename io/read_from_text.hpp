#pragma once
// ReadFromText: the lines of a file or a glob of files (".gz" read transparently), as
// PCollection<std::string>. Large files are cut into byte ranges read by several readers.
// The pattern is checked when the step is added: no matching file is a construction error.
//   auto lines = p | rill::io::ReadFromText("Read", "data/*.txt");
#include <string>

#include "graph/pcollection.hpp"

namespace rill::io {

struct ReadFromText {
  std::string name;
  std::string pattern;
  ReadFromText(std::string n, std::string glob) : name(std::move(n)), pattern(std::move(glob)) {}
  PCollection<std::string> expand_root(const std::shared_ptr<GraphDef>& g);
};

}  // namespace rill::io
