#pragma once
// rill::testing::element_text(x): an element as text, for comparing and reporting outputs
// (check_determinism). Strings as they are, numbers by std::to_string (floating point exactly,
// by "%.17g"), KV as "(key, value)", vectors as "[a, b]", anything else by its operator<<.
#include <cstdio>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "graph/kv.hpp"

namespace rill::testing {

template <class T>
concept Streamable = requires(std::ostream& os, const T& x) {
  os << x;
};

template <class T>
std::string element_text(const T& x);

namespace detail {
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
}  // namespace detail

template <class T>
std::string element_text(const T& x) {
  if constexpr (std::is_convertible_v<const T&, std::string>) {
    return std::string(x);
  } else if constexpr (std::is_floating_point_v<T>) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", static_cast<double>(x));
    return buf;
  } else if constexpr (std::is_same_v<T, bool>) {
    return x ? "true" : "false";
  } else if constexpr (std::is_arithmetic_v<T>) {
    return std::to_string(x);
  } else if constexpr (is_kv_v<T>) {
    return "(" + element_text(x.key) + ", " + element_text(x.value) + ")";
  } else if constexpr (detail::is_vector<T>::value) {
    std::string out = "[";
    for (size_t i = 0; i < x.size(); ++i) out += (i ? ", " : "") + element_text(x[i]);
    return out + "]";
  } else {
    static_assert(Streamable<T>,
                  "rill: this element type has no text form: give it an operator<<, or pass "
                  "check_determinism a function that turns an element into a string");
    std::ostringstream out;
    out << x;
    return out.str();
  }
}

}  // namespace rill::testing
