#include "options/option_spec.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <regex>

#include "options/usage_error.hpp"

namespace rill {

struct OptionSpec::CompiledRegex {
  std::regex regex;
};

const char* to_string(OptionType t) {
  switch (t) {
    case OptionType::kString:
      return "string";
    case OptionType::kInt64:
      return "int64";
    case OptionType::kDouble:
      return "double";
    case OptionType::kBool:
      return "bool";
    case OptionType::kDuration:
      return "duration";
    case OptionType::kBytes:
      return "bytes";
  }
  return "?";
}

OptionSpec::OptionSpec(std::string name, OptionType type, std::string help,
                       std::optional<std::string> default_text)
    : name_(std::move(name)),
      type_(type),
      help_(std::move(help)),
      default_(std::move(default_text)) {
  if (name_.empty() || name_.rfind("-", 0) == 0 ||
      name_.find_first_of("= \t\n") != std::string::npos)
    throw std::invalid_argument("'" + name_ +
                                "' is not an option name (letters, digits, '-', '.', '_')");
  if (type_ == OptionType::kBool) implicit_ = "true";
  check_default();
}

void OptionSpec::check_default() const {
  if (!default_) return;
  try {
    check(*default_);
  } catch (const UsageError& e) {
    throw std::invalid_argument("the default of option --" + name_ + " is not valid: " + e.what());
  }
}

OptionSpec& OptionSpec::required() {
  required_ = true;
  default_.reset();
  return *this;
}

OptionSpec& OptionSpec::matching(const std::string& regex) {
  try {
    regexes_.push_back(std::make_shared<const CompiledRegex>(
        CompiledRegex{std::regex(regex, std::regex::ECMAScript)}));
  } catch (const std::regex_error& e) {
    throw std::invalid_argument("option --" + name_ + ": the regular expression '" + regex +
                                "' is malformed (" + e.what() + ")");
  }
  regex_texts_.push_back(regex);
  check_default();
  return *this;
}

OptionSpec& OptionSpec::implicit_value(std::string text) {
  implicit_ = std::move(text);
  return *this;
}

OptionSpec& OptionSpec::value_name(std::string name) {
  value_name_ = std::move(name);
  return *this;
}

std::string OptionSpec::value_name() const {
  if (!value_name_.empty()) return value_name_;
  std::string t = to_string(type_);
  for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return t;
}

namespace {

std::string number_text(const std::optional<int64_t>& i, const std::optional<double>& d,
                        OptionType type) {
  if (i)
    return type == OptionType::kDuration ? duration_text(std::chrono::milliseconds(*i))
                                         : std::to_string(*i);
  return option_text(*d);
}

}  // namespace

std::string OptionSpec::bounds_text() const {
  const bool lo = min_real_.has_value(), hi = max_real_.has_value();
  if (lo && hi)
    return "in [" + number_text(min_int_, min_real_, type_) + ", " +
           number_text(max_int_, max_real_, type_) + "]";
  if (lo) return ">= " + number_text(min_int_, min_real_, type_);
  if (hi) return "<= " + number_text(max_int_, max_real_, type_);
  return "";
}

void OptionSpec::check(const std::string& text) const {
  const std::string given = "--" + name_ + "=" + text;
  const std::string bounds = bounds_text();
  const std::string in = bounds.empty() ? "" : " " + bounds;
  auto integral = [&](std::optional<int64_t> v, const char* what, const char* hint) {
    bool ok = v.has_value();
    if (ok && min_int_) ok = *v >= *min_int_;
    if (ok && max_int_) ok = *v <= *max_int_;
    if (ok && !min_int_ && min_real_) ok = static_cast<double>(*v) >= *min_real_;
    if (ok && !max_int_ && max_real_) ok = static_cast<double>(*v) <= *max_real_;
    if (!ok) throw UsageError(given + " is not " + what + in + hint);
  };
  switch (type_) {
    case OptionType::kString:
      break;
    case OptionType::kInt64:
      integral(parse_int64(text), "an integer", "");
      break;
    case OptionType::kBytes:
      integral(parse_bytes(text), "a byte count", " (K, M or G may follow)");
      break;
    case OptionType::kDuration:
      integral(parse_duration_ms(text), "a duration", " (e.g. 500ms, 10s, 5m, 2h)");
      break;
    case OptionType::kDouble: {
      const auto v = parse_double(text);
      bool ok = v.has_value();
      if (ok && min_real_) ok = *v >= *min_real_;
      if (ok && max_real_) ok = *v <= *max_real_;
      if (!ok) throw UsageError(given + " is not a number" + in);
      break;
    }
    case OptionType::kBool:
      if (!parse_bool(text)) throw UsageError(given + " is not true or false");
      break;
  }
  for (size_t i = 0; i < regexes_.size(); ++i)
    if (!std::regex_match(text, regexes_[i]->regex))
      throw UsageError(given + " does not match '" + regex_texts_[i] + "'");
}

std::optional<int64_t> parse_int64(const std::string& text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;
  return v;
}

std::optional<double> parse_double(const std::string& text) {
  // strtod, not from_chars: GCC 10's libstdc++ has no floating-point from_chars.
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(const std::string& text) {
  if (text == "true" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "no") return false;
  return std::nullopt;
}

std::optional<int64_t> parse_duration_ms(const std::string& text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc()) return std::nullopt;
  const std::string unit(p, end);
  int64_t scale = 0;
  if (unit.empty() || unit == "ms")
    scale = 1;
  else if (unit == "s")
    scale = 1000;
  else if (unit == "m")
    scale = 60'000;
  else if (unit == "h")
    scale = 3'600'000;
  else
    return std::nullopt;
  int64_t ms = 0;
  if (__builtin_mul_overflow(v, scale, &ms)) return std::nullopt;
  return ms;
}

std::optional<int64_t> parse_bytes(const std::string& text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || v < 0) return std::nullopt;
  int shift = 0;
  if (p + 1 == end) {
    shift = *p == 'K' ? 10 : *p == 'M' ? 20 : *p == 'G' ? 30 : -1;
    if (shift < 0) return std::nullopt;
    ++p;
  }
  if (p != end || v > (INT64_MAX >> shift)) return std::nullopt;
  return v << shift;
}

std::string duration_text(std::chrono::milliseconds d) {
  const int64_t ms = d.count();
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace rill
