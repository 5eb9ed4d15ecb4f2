#pragma once
// Flatten merges collections of the same type: `std::vector{a, b} | rill::Flatten("All")`.
// Inside a stage it is a plain fan-in: every input port forwards to the one output.
#include <stdexcept>
#include <vector>

#include "graph/engine.hpp"
#include "graph/pcollection.hpp"

namespace rill {
struct Flatten {
  std::string name;
  explicit Flatten(std::string n) : name(std::move(n)) {}

  template <class T>
  PCollection<T> expand(const std::vector<PCollection<T>>& ins) {
    if (ins.empty()) throw std::invalid_argument("rill::Flatten '" + name + "': no inputs");
    NodeDef n;
    n.name = name;
    n.label = "Flatten";
    n.kind = NodeKind::kElementwise;
    for (const auto& in : ins) {
      if (&in.graph() != &ins.front().graph())
        throw std::invalid_argument("rill::Flatten '" + name + "': inputs of different pipelines");
      n.inputs.push_back(in.id());
    }
    n.make_op = [](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return exec::make_pass_through_op<T>(ctx.step);
    };
    auto& g = ins.front().graph();
    int node = g.add_node(std::move(n));
    int out = g.add_collection(node, 0, type_ops_for<T>(), ins.front().windowing());
    return PCollection<T>(ins.front().graph_ptr(), out);
  }
};

template <class T, class Transform>
auto operator|(const std::vector<PCollection<T>>& inputs, Transform&& t)
    -> decltype(t.expand(inputs)) {
  return t.expand(inputs);
}

}  // namespace rill
