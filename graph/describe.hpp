#pragma once
// describe(): a readable rendering of an element for messages (assertions, dead letters).
#include <ostream>
#include <ranges>
#include <sstream>
#include <string>
#include <string_view>

#include "graph/kv.hpp"

namespace rill {

template <class T>
void describe(std::ostream& os, const T& v) {
  if constexpr (requires { os << v; }) {
    os << v;
  } else if constexpr (is_kv_v<T>) {
    os << "KV(";
    describe(os, v.key);
    os << ", ";
    describe(os, v.value);
    os << ")";
  } else if constexpr (std::ranges::range<T>) {
    os << "[";
    bool first = true;
    for (const auto& x : v) {
      os << (first ? "" : ", ");
      describe(os, x);
      first = false;
    }
    os << "]";
  } else {
    os << "<" << sizeof(T) << "-byte value>";
  }
}

template <class T>
std::string describe(const T& v) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string(std::string_view(v));
  } else {
    std::ostringstream os;
    describe(os, v);
    return os.str();
  }
}

}  // namespace rill
