#include "options/option_values.hpp"

#include <stdexcept>

namespace rill {

OptionValues::OptionValues(std::vector<OptionSpec> specs, std::map<std::string, std::string> given)
    : specs_(std::move(specs)) {
  for (const auto& s : specs_) {
    if (auto it = given.find(s.name()); it != given.end()) {
      texts_[s.name()] = it->second;
      given_.insert(s.name());
    } else if (s.default_text()) {
      texts_[s.name()] = *s.default_text();
    }
  }
}

const OptionSpec& OptionValues::spec(const std::string& name, OptionType a, OptionType b) const {
  for (const auto& s : specs_) {
    if (s.name() != name) continue;
    if (s.type() != a && s.type() != b)
      throw std::invalid_argument("option --" + name + " is of type " + to_string(s.type()) +
                                  ", not " + to_string(a));
    return s;
  }
  throw std::invalid_argument("no option --" + name + " is declared");
}

const std::string& OptionValues::text(const std::string& name) const {
  bool declared = false;
  for (const auto& s : specs_) declared |= s.name() == name;
  if (!declared) throw std::invalid_argument("no option --" + name + " is declared");
  const auto it = texts_.find(name);
  if (it == texts_.end())
    throw std::invalid_argument("option --" + name + " was not given and has no default");
  return it->second;
}

int64_t OptionValues::integer(const std::string& name) const {
  const auto& s = spec(name, OptionType::kInt64, OptionType::kBytes);
  const std::string& t = text(name);
  return *(s.type() == OptionType::kBytes ? parse_bytes(t) : parse_int64(t));
}

double OptionValues::real(const std::string& name) const {
  spec(name, OptionType::kDouble, OptionType::kDouble);
  return *parse_double(text(name));
}

bool OptionValues::flag(const std::string& name) const {
  spec(name, OptionType::kBool, OptionType::kBool);
  return *parse_bool(text(name));
}

std::chrono::milliseconds OptionValues::duration(const std::string& name) const {
  spec(name, OptionType::kDuration, OptionType::kDuration);
  return std::chrono::milliseconds(*parse_duration_ms(text(name)));
}

}  // namespace rill
