#pragma once
// The templates the `rill` command ships with: wordcount, the mobile-gaming pipelines and the
// CoGroupByKey join (examples/).
#include <vector>

#include "cli/template.hpp"

namespace rill::cli {

const std::vector<Template>& builtin_templates();

}  // namespace rill::cli
