#include "cli/template_metadata.hpp"

#include <nlohmann/json.hpp>

namespace rill::cli {

std::string templates_text(const std::vector<Template>& templates) {
  std::string out;
  for (const auto& t : templates) {
    out += t.name + "\n  " + t.description + "\n";
    for (const auto& p : t.params) {
      out += "    --" + p.name() + (p.is_required() ? " (required)" : "") + "  " + p.help();
      if (p.default_text()) out += " [default " + *p.default_text() + "]";
      std::string kind = p.type() == OptionType::kString ? "" : to_string(p.type());
      if (const std::string b = p.bounds_text(); !b.empty()) kind += " " + b;
      if (!kind.empty()) out += " [" + kind + "]";
      for (const auto& re : p.regexes()) out += " [matching '" + re + "']";
      out += "\n";
    }
  }
  return out;
}

std::string templates_json(const std::vector<Template>& templates) {
  auto all = nlohmann::json::array();
  for (const auto& t : templates) {
    auto params = nlohmann::json::array();
    for (const auto& p : t.params) {
      nlohmann::json j = {{"name", p.name()},           {"label", p.name()},
                          {"helpText", p.help()},       {"isOptional", !p.is_required()},
                          {"regexes", p.regexes()},     {"paramType", "TEXT"},
                          {"type", to_string(p.type())}};
      if (p.default_text()) j["defaultValue"] = *p.default_text();
      if (p.min_integer())
        j["min"] = *p.min_integer();
      else if (p.min())
        j["min"] = *p.min();
      if (p.max_integer())
        j["max"] = *p.max_integer();
      else if (p.max())
        j["max"] = *p.max();
      params.push_back(std::move(j));
    }
    all.push_back({{"name", t.name}, {"description", t.description}, {"parameters", params}});
  }
  return all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace rill::cli
