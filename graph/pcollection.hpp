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

namespace detail {
// The element type after a step that failed to compile (its one static_assert said why): a
// PCollection of it passes every later step untouched, so one mistake gives one error, not a
// cascade through the library and the next steps.
struct WiringError {};
template <class T>
PCollection<WiringError> wiring_error(const PCollection<T>& in) {
  return PCollection<WiringError>(in.graph_ptr(), in.id());
}
}  // namespace detail

template <class T, class Transform>
requires(!std::is_same_v<T, detail::WiringError>) auto operator|(const PCollection<T>& input,
                                                                 Transform&& t)
    -> decltype(t.expand(input)) {
  return t.expand(input);
}
template <class Transform>
PCollection<detail::WiringError> operator|(const PCollection<detail::WiringError>& input,
                                           Transform&&) {
  return input;
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
