#pragma once
// A declared option of a program, or a parameter of a template (Beam's custom PipelineOptions,
// Dataflow's template parameters): its name, type, help, default, whether it is required, and
// what a value must satisfy (a range, regular expressions). Values are checked when the command
// line is parsed, before any pipeline is built.
//
//   rill::option<std::string>("input", "file or glob to read").required()
//   rill::option<int64_t>("min-count", 5, "drop words seen fewer times").between(1, 1000)
//   rill::option<std::string>("case", "keep", "keep|lower|upper").matching("keep|lower|upper")
//   rill::option<std::chrono::milliseconds>("gap", std::chrono::minutes(10), "session gap")
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace rill {

// kDuration: an integer with a unit, ms, s, m or h (a bare integer is ms), read as
// std::chrono::milliseconds. kBytes: an integer with an optional K, M or G (powers of 1024).
enum class OptionType { kString, kInt64, kDouble, kBool, kDuration, kBytes };
const char* to_string(OptionType t);

class OptionSpec {
 public:
  struct CompiledRegex;  // std::regex, kept out of this header (it is costly to compile)

  // Without a default (`default_text` nullopt) an option has no value unless given.
  OptionSpec(std::string name, OptionType type, std::string help,
             std::optional<std::string> default_text = std::nullopt);

  // A value must be given (any default is dropped).
  OptionSpec& required();
  // The whole value must match `regex` (ECMAScript syntax); may be called more than once.
  // Throws std::invalid_argument, naming the option, for a malformed expression.
  OptionSpec& matching(const std::string& regex);
  // Numeric types (duration: in ms; bytes: in bytes): the value must lie in [min, max].
  template <class N>
  OptionSpec& between(N min, N max) {
    set_min(min);
    set_max(max);
    check_default();
    return *this;
  }
  template <class N>
  OptionSpec& at_least(N min) {
    set_min(min);
    check_default();
    return *this;
  }
  template <class N>
  OptionSpec& at_most(N max) {
    set_max(max);
    check_default();
    return *this;
  }
  // The value of a bare `--name` (a bool's is "true"); without one, --name takes a value.
  OptionSpec& implicit_value(std::string text);
  // How help shows the value: --name=VALUE (default: the type, e.g. INT64).
  OptionSpec& value_name(std::string name);

  const std::string& name() const { return name_; }
  OptionType type() const { return type_; }
  const std::string& help() const { return help_; }
  const std::optional<std::string>& default_text() const { return default_; }
  bool is_required() const { return required_; }
  const std::vector<std::string>& regexes() const { return regex_texts_; }
  const std::optional<std::string>& implicit() const { return implicit_; }
  std::optional<double> min() const { return min_real_; }
  std::optional<double> max() const { return max_real_; }
  // The bounds as integers, when they were given as integers.
  std::optional<int64_t> min_integer() const { return min_int_; }
  std::optional<int64_t> max_integer() const { return max_int_; }
  std::string value_name() const;
  // The bounds as help and messages show them: "in [1, 100]", ">= 1", or "".
  std::string bounds_text() const;

  // Throws UsageError "--name=TEXT is not ..." (or "... does not match ...") unless `text` is a
  // valid value of this option.
  void check(const std::string& text) const;

 private:
  template <class N>
  void set_min(N min) {
    static_assert(std::is_arithmetic_v<N>, "a bound is a number");
    if constexpr (std::is_integral_v<N>) min_int_ = static_cast<int64_t>(min);
    min_real_ = static_cast<double>(min);
  }
  template <class N>
  void set_max(N max) {
    static_assert(std::is_arithmetic_v<N>, "a bound is a number");
    if constexpr (std::is_integral_v<N>) max_int_ = static_cast<int64_t>(max);
    max_real_ = static_cast<double>(max);
  }
  // A default that the option's own checks refuse is the program's mistake:
  // std::invalid_argument.
  void check_default() const;

  std::string name_;
  OptionType type_;
  std::string help_;
  std::optional<std::string> default_;
  bool required_ = false;
  std::vector<std::string> regex_texts_;
  std::vector<std::shared_ptr<const CompiledRegex>> regexes_;
  std::optional<int64_t> min_int_, max_int_;
  std::optional<double> min_real_, max_real_;
  std::optional<std::string> implicit_;
  std::string value_name_;
};

// Values as the command line spells them, and back.
std::optional<int64_t> parse_int64(const std::string& text);
std::optional<double> parse_double(const std::string& text);
std::optional<bool> parse_bool(const std::string& text);
std::optional<int64_t> parse_duration_ms(const std::string& text);
std::optional<int64_t> parse_bytes(const std::string& text);
std::string duration_text(std::chrono::milliseconds d);  // the largest exact unit: "10m"

// The OptionType of a C++ type: std::string, int64_t (and other integers), double, bool,
// std::chrono::milliseconds (and other durations).
template <class T>
constexpr OptionType option_type_of() {
  if constexpr (std::is_same_v<T, bool>)
    return OptionType::kBool;
  else if constexpr (std::is_integral_v<T>)
    return OptionType::kInt64;
  else if constexpr (std::is_floating_point_v<T>)
    return OptionType::kDouble;
  else if constexpr (std::is_convertible_v<T, std::chrono::milliseconds>)
    return OptionType::kDuration;
  else {
    static_assert(std::is_convertible_v<T, std::string>,
                  "an option is a std::string, an integer, a double, a bool or a "
                  "std::chrono::duration");
    return OptionType::kString;
  }
}

template <class T>
std::string option_text(const T& value) {
  if constexpr (std::is_same_v<T, bool>)
    return value ? "true" : "false";
  else if constexpr (std::is_integral_v<T>)
    return std::to_string(value);
  else if constexpr (std::is_floating_point_v<T>) {
    std::string s = std::to_string(value);  // 6 decimals; trailing zeros dropped
    while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
    return s;
  } else if constexpr (option_type_of<T>() == OptionType::kDuration)
    return duration_text(std::chrono::duration_cast<std::chrono::milliseconds>(value));
  else
    return std::string(value);
}

// An option of type T without a default: it has no value unless given (or is required()).
template <class T>
OptionSpec option(std::string name, std::string help) {
  return OptionSpec(std::move(name), option_type_of<T>(), std::move(help));
}

// An option of type T with a default.
template <class T, class D>
OptionSpec option(std::string name, const D& default_value, std::string help) {
  return OptionSpec(std::move(name), option_type_of<T>(), std::move(help),
                    option_text(static_cast<T>(default_value)));
}

}  // namespace rill
