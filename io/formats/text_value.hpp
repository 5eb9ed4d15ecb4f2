#pragma once
// Typed values as text, for the CSV columns: what a member of a user's struct may be
// (std::string, an integer, a floating-point number, bool, or std::optional of one of them),
// how a field's text becomes one, and how one is written back.
//  - strings are taken as they are (CSV keeps spaces);
//  - numbers and booleans may have spaces or tabs around them; integers are decimal, range-
//    checked for the member's type; floating-point numbers are anything std::from_chars reads
//    (including inf and nan) and are written in the shortest form that reads back exactly;
//    booleans are true/false (any case) or 1/0;
//  - an optional is empty for an empty unquoted field; a quoted "" is an empty string.
// Errors throw std::invalid_argument saying what the text is not.
#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "io/formats/csv_parser.hpp"

namespace rill::io::detail {

template <class M>
struct optional_of {
  using type = void;
};
template <class M>
struct optional_of<std::optional<M>> {
  using type = M;
};
template <class M>
inline constexpr bool is_optional_v = !std::is_void_v<typename optional_of<M>::type>;

template <class M>
inline constexpr bool is_text_scalar_v =
    std::is_same_v<M, std::string> || std::is_same_v<M, bool> || std::is_floating_point_v<M> ||
    (std::is_integral_v<M> && !std::is_same_v<M, char> && !std::is_same_v<M, signed char> &&
     !std::is_same_v<M, unsigned char> && !std::is_same_v<M, char8_t> &&
     !std::is_same_v<M, char16_t> && !std::is_same_v<M, char32_t> && !std::is_same_v<M, wchar_t>);

template <class M>
inline constexpr bool is_text_value_v = [] {
  if constexpr (is_optional_v<M>)
    return is_text_scalar_v<typename optional_of<M>::type>;
  else
    return is_text_scalar_v<M>;
}();

inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

[[noreturn]] inline void not_a(std::string_view text, const char* what) {
  throw std::invalid_argument("'" + std::string(text) + "' is " + what);
}

template <class M>
void parse_scalar(std::string_view raw, M& out) {
  if constexpr (std::is_same_v<M, std::string>) {
    out.assign(raw);
  } else {
    const std::string_view s = trim_blanks(raw);
    if (s.empty()) throw std::invalid_argument("empty");
    if constexpr (std::is_same_v<M, bool>) {
      auto is = [&](std::string_view word) {
        if (s.size() != word.size()) return false;
        for (size_t i = 0; i < s.size(); ++i)
          if ((s[i] | 0x20) != word[i]) return false;
        return true;
      };
      if (is("true") || s == "1") {
        out = true;
      } else if (is("false") || s == "0") {
        out = false;
      } else {
        not_a(raw, "not a boolean (true or false)");
      }
    } else {
      const char* end = s.data() + s.size();
      const auto [ptr, ec] = std::from_chars(s.data(), end, out);
      if (ec == std::errc::result_out_of_range) not_a(raw, "out of range");
      if (ec != std::errc() || ptr != end)
        not_a(raw, std::is_integral_v<M> ? "not an integer" : "not a number");
    }
  }
}

// A field into a member of type M (is_text_value_v<M>).
template <class M>
void parse_text_value(const CsvField& f, M& out) {
  if constexpr (is_optional_v<M>) {
    if (f.text.empty() && !f.quoted) {
      out.reset();
      return;
    }
    parse_scalar(f.text, out.emplace());
  } else {
    parse_scalar(f.text, out);
  }
}

template <class M>
void format_scalar(std::string& out, const M& v, char delimiter, bool force_quotes) {
  if constexpr (std::is_same_v<M, std::string>) {
    append_csv_field(out, v, delimiter, force_quotes);
  } else if constexpr (std::is_same_v<M, bool>) {
    out += v ? "true" : "false";
  } else {
    char buf[64];  // the longest double in shortest form is 24 characters
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, ptr);
  }
}

// Appends a member as a field that parse_text_value reads back to the same value.
template <class M>
void format_text_value(std::string& out, const M& v, char delimiter) {
  if constexpr (is_optional_v<M>) {
    // Present but empty is written "", so that it does not read back as absent.
    if (v)
      format_scalar(out, *v, delimiter, [&] {
        if constexpr (std::is_same_v<typename optional_of<M>::type, std::string>)
          return v->empty();
        else
          return false;
      }());
  } else {
    format_scalar(out, v, delimiter, false);
  }
}

}  // namespace rill::io::detail
