#pragma once
// ToString (Beam's ToString.elements / kvs / iterables): elements as std::string.
//   counts | rill::ToString::Elements("AsText")     // 42 -> "42", 1.5 -> "1.5"
//   counts | rill::ToString::KVs("Csv")             // KV("a", 3) -> "a,3"
//   counts | rill::ToString::KVs("Tsv", "\t")
//   lists | rill::ToString::Iterables("Joined", ";")  // {1, 2} -> "1;2"
// A value is written as: a string as it is; a bool as true/false; a char as the character;
// other numbers as std::to_chars does (integers in decimal, floating point in the shortest
// form that reads back the same); anything else with operator<<. A type with none of these is
// a compile error.
#include <charconv>
#include <concepts>
#include <ostream>
#include <ranges>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>

#include "graph/kv.hpp"
#include "graph/transforms/elementwise.hpp"

namespace rill {
namespace detail {

template <class T>
inline constexpr bool to_chars_able =
    std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>;

template <class T>
inline constexpr bool stringable = std::is_convertible_v<const T&, std::string_view> ||
                                   std::is_arithmetic_v<T> ||
                                   requires(std::ostream& os, const T& x) {
  os << x;
};

// Appends values as text. Its stream (for operator<<) is its own: a copy starts a fresh one,
// so each partition's copy reuses one stream for all its elements.
class TextWriter {
 public:
  TextWriter() = default;
  TextWriter(const TextWriter&) {}
  TextWriter& operator=(const TextWriter&) { return *this; }

  template <class T>
  void append(std::string& out, const T& x) {
    if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      out += std::string_view(x);
    } else if constexpr (std::is_same_v<T, bool>) {
      out += x ? "true" : "false";
    } else if constexpr (std::is_same_v<T, char>) {
      out += x;
    } else if constexpr (to_chars_able<T>) {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
      out.append(buf, end);
    } else {
      os_.str(std::string());
      os_.clear();
      os_ << x;
      out += os_.view();
    }
  }

 private:
  std::ostringstream os_;
};

}  // namespace detail

namespace ToString {

struct Elements {
  std::string name;
  explicit Elements(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(detail::stringable<T>,
                  "rill::ToString::Elements: the element type must be a string, a number or "
                  "have an operator<<(std::ostream&, const T&)");
    if constexpr (detail::stringable<T>) {
      return in | Map(name, [w = detail::TextWriter{}](const T& x) mutable {
               std::string s;
               w.append(s, x);
               return s;
             });
    } else {
      return detail::wiring_error(in);
    }
  }
};

struct KVs {
  std::string name;
  std::string delimiter;
  explicit KVs(std::string n, std::string delim = ",")
      : name(std::move(n)), delimiter(std::move(delim)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    constexpr bool ok = [] {
      if constexpr (is_kv_v<T>)
        return detail::stringable<typename is_kv<T>::key_type> &&
               detail::stringable<typename is_kv<T>::value_type>;
      else
        return false;
    }();
    static_assert(ok,
                  "rill::ToString::KVs: the input must be a PCollection<rill::KV<K, V>> whose "
                  "keys and values are strings, numbers or have an operator<<");
    if constexpr (ok) {
      return in | Map(name, [w = detail::TextWriter{}, d = delimiter](const T& kv) mutable {
               std::string s;
               w.append(s, kv.key);
               s += d;
               w.append(s, kv.value);
               return s;
             });
    } else {
      return detail::wiring_error(in);
    }
  }
};

struct Iterables {
  std::string name;
  std::string delimiter;
  explicit Iterables(std::string n, std::string delim = ",")
      : name(std::move(n)), delimiter(std::move(delim)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    constexpr bool ok = [] {
      if constexpr (std::ranges::input_range<const T>)
        return detail::stringable<std::ranges::range_value_t<const T>>;
      else
        return false;
    }();
    static_assert(ok,
                  "rill::ToString::Iterables: the elements must be ranges (std::vector, ...) of "
                  "strings, numbers or values with an operator<<");
    if constexpr (ok) {
      return in | Map(name, [w = detail::TextWriter{}, d = delimiter](const T& xs) mutable {
               std::string s;
               bool first = true;
               for (const auto& x : xs) {
                 if (!first) s += d;
                 first = false;
                 w.append(s, x);
               }
               return s;
             });
    } else {
      return detail::wiring_error(in);
    }
  }
};

}  // namespace ToString
}  // namespace rill
