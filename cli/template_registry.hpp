#pragma once
// The templates `rill run` knows: each a named pipeline with declared parameters.
#include <functional>
#include <string>
#include <vector>

#include "cli/template_params.hpp"
#include "graph/pipeline.hpp"

namespace rill::cli {

struct TemplateSpec {
  std::string name;
  std::string description;
  std::vector<ParamSpec> params;
  std::function<void(Pipeline&, const TemplateParams&)> build;
};

const std::vector<TemplateSpec>& templates();
const TemplateSpec* find_template(const std::string& name);

}  // namespace rill::cli
