#pragma once
// The checked values of declared options (option_spec.hpp), read by type:
//   values.get<std::string>("input"), values.get<int64_t>("min-count"),
//   values.get<std::chrono::milliseconds>("gap"), values.get<bool>("verbose")
// A value is the one given on the command line, else the option's default.
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "options/option_spec.hpp"

namespace rill {

class OptionValues {
 public:
  OptionValues() = default;
  // `texts`: the given values, each already checked against its spec.
  OptionValues(std::vector<OptionSpec> specs, std::map<std::string, std::string> given);

  // A value: given, or the option's default.
  bool has(const std::string& name) const { return texts_.count(name) > 0; }
  // Given on the command line.
  bool given(const std::string& name) const { return given_.count(name) > 0; }

  // The value as T (option_spec.hpp: option_type_of<T>). Throws std::invalid_argument for an
  // undeclared name, a T that is not the option's type, or an option without a value.
  template <class T>
  T get(const std::string& name) const {
    if constexpr (std::is_same_v<T, bool>)
      return flag(name);
    else if constexpr (std::is_integral_v<T>)
      return static_cast<T>(integer(name));
    else if constexpr (std::is_floating_point_v<T>)
      return static_cast<T>(real(name));
    else if constexpr (option_type_of<T>() == OptionType::kDuration)
      return std::chrono::duration_cast<T>(duration(name));
    else
      return T(text(name));
  }
  // get<T>(name), or `fallback` when the option has no value.
  template <class T>
  T get_or(const std::string& name, const T& fallback) const {
    return has(name) ? get<T>(name) : fallback;
  }

  // The value as the command line spelled it (or the default's text).
  const std::string& text(const std::string& name) const;
  // Every value as text, defaults included: e.g. for Graph::set_parameter.
  const std::map<std::string, std::string>& texts() const { return texts_; }
  const std::vector<OptionSpec>& specs() const { return specs_; }

 private:
  const OptionSpec& spec(const std::string& name, OptionType a, OptionType b) const;
  int64_t integer(const std::string& name) const;
  double real(const std::string& name) const;
  bool flag(const std::string& name) const;
  std::chrono::milliseconds duration(const std::string& name) const;

  std::vector<OptionSpec> specs_;
  std::map<std::string, std::string> texts_;
  std::set<std::string> given_;
};

}  // namespace rill
