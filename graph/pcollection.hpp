#pragma once
// PCollection<T>: a typed handle on a collection of the pipeline graph. Applying a transform
// (`pc | rill::Map("Name", f)`) adds steps to the graph and returns the output handle(s).
#include <memory>
#include <type_traits>

#include "graph/graph_def.hpp"

namespace rill {

template <class T>
class PCollection {
 public:
  using element_type = T;

  PCollection(std::shared_ptr<GraphDef> graph, int id) : graph_(std::move(graph)), id_(id) {}

  GraphDef& graph() const { return *graph_; }
  const std::shared_ptr<GraphDef>& graph_ptr() const { return graph_; }
  int id() const { return id_; }
  const CollectionDef& def() const { return graph_->collection(id_); }
  const std::shared_ptr<const WindowingStrategy>& windowing() const { return def().windowing; }

 private:
  std::shared_ptr<GraphDef> graph_;
  int id_;
};

// Returned by transforms that end a branch (sinks).
struct PDone {};

template <class T>
struct is_pcollection : std::false_type {};
template <class T>
struct is_pcollection<PCollection<T>> : std::true_type {};

template <class T, class Transform>
auto operator|(const PCollection<T>& input, Transform&& t) -> decltype(t.expand(input)) {
  return t.expand(input);
}

// Adds one step with one input and one output of type Out.
template <class Out, class In>
PCollection<Out> add_step(const PCollection<In>& in, const std::string& name, std::string label,
                          NodeKind kind, OperatorFactory factory,
                          std::shared_ptr<const WindowingStrategy> windowing) {
  NodeDef n;
  n.name = name;
  n.label = std::move(label);
  n.kind = kind;
  n.inputs = {in.id()};
  n.make_op = std::move(factory);
  auto& g = in.graph();
  int node = g.add_node(std::move(n));
  int out = g.add_collection(node, 0, type_ops_for<Out>(), std::move(windowing));
  return PCollection<Out>(in.graph_ptr(), out);
}

}  // namespace rill
