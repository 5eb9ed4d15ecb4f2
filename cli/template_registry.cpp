#include "cli/template_registry.hpp"

#include "examples/wordcount.hpp"

namespace rill::cli {

const std::vector<TemplateSpec>& templates() {
  static const std::vector<TemplateSpec> all = {
      {"wordcount",
       "Counts the words (maximal runs of [A-Za-z']) of text files; lines 'word: count'.",
       {{"input", "file or glob to read (.gz read transparently)", true, ""},
        {"output", "output prefix: files PREFIX-SSSSS-of-NNNNN", true, ""},
        {"num-shards", "output files (0: one per partition)", false, "0"}},
       [](Pipeline& p, const TemplateParams& t) {
         examples::build_wordcount(p, t.str("input"), t.str("output"),
                                   static_cast<int>(t.integer("num-shards", 0, 10000)));
       }},
  };
  return all;
}

const TemplateSpec* find_template(const std::string& name) {
  for (const auto& t : templates())
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace rill::cli
