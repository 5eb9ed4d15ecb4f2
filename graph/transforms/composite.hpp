#pragma once
// A composite transform groups steps under one name: its parts are named "Name/Part".
//   auto counts = lines | rill::Composite("CountWords", [](rill::PCollection<std::string> in) {
//     return in | rill::FlatMap("Split", split) | rill::Count::PerElement("Count");
//   });
#include <type_traits>

#include "graph/pcollection.hpp"

namespace rill {

template <class F>
struct Composite {
  std::string name;
  F f;
  Composite(std::string n, F fn) : name(std::move(n)), f(std::move(fn)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(std::is_invocable_v<F&, const PCollection<T>&>,
                  "rill::Composite: the function must take the input PCollection<T>");
    StepScope scope(in.graph(), name);
    return f(in);
  }
};

}  // namespace rill
