#include "cli/template.hpp"

namespace rill {

void build_template(Pipeline& p, const Template& t, const OptionValues& params) {
  t.build(p, params);
  for (const auto& [name, value] : params.texts()) p.graph().set_parameter(name, value);
}

const Template* find_template(const std::vector<Template>& templates, const std::string& name) {
  for (const auto& t : templates)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace rill
