#include "cli/template_params.hpp"

#include <charconv>

namespace rill::cli {

std::string TemplateParams::context() const {
  return template_.empty() ? std::string() : "template '" + template_ + "': ";
}

const std::string& TemplateParams::str(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw UsageError(context() + "missing parameter --" + name);
  return it->second;
}

int64_t TemplateParams::integer(const std::string& name, int64_t min, int64_t max) const {
  const std::string& s = str(name);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < min || v > max)
    throw UsageError(context() + "--" + name + "=" + s + " is not an integer in [" +
                     std::to_string(min) + ", " + std::to_string(max) + "]");
  return v;
}

int64_t TemplateParams::bytes(const std::string& name, int64_t min, int64_t max) const {
  const std::string& s = str(name);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  int shift = 0;
  if (ec == std::errc() && p + 1 == s.data() + s.size()) {
    shift = *p == 'K' ? 10 : *p == 'M' ? 20 : *p == 'G' ? 30 : -1;
    if (shift > 0) ++p;
  }
  if (ec != std::errc() || p != s.data() + s.size() || shift < 0 || v < 0 || v > (max >> shift) ||
      (v << shift) < min)
    throw UsageError(context() + "--" + name + "=" + s + " is not a byte count in [" +
                     std::to_string(min) + ", " + std::to_string(max) + "] (K, M or G may follow)");
  return v << shift;
}

std::map<std::string, std::string> parse_flags(const std::vector<std::string>& args) {
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a.size() == 2)
      throw UsageError("unexpected argument '" + a + "' (parameters are --name=value)");
    std::string key, value;
    if (auto eq = a.find('='); eq != std::string::npos) {
      key = a.substr(2, eq - 2);
      value = a.substr(eq + 1);
    } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
      key = a.substr(2);
      value = args[++i];
    } else {
      throw UsageError("parameter " + a + " needs a value (--name=value)");
    }
    if (key.empty()) throw UsageError("empty parameter name in '" + a + "'");
    if (!out.emplace(key, value).second) throw UsageError("parameter --" + key + " given twice");
  }
  return out;
}

}  // namespace rill::cli
