#pragma once
// The pipeline graph as the user built it: steps (nodes) and the collections between them.
// Nodes are appended in construction order, which is a topological order: a step can only
// consume collections that exist already.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "graph/operator.hpp"
#include "graph/result.hpp"
#include "graph/source.hpp"
#include "graph/type_ops.hpp"

namespace rill {

struct WindowingStrategy;  // windowing/; null means global windows with the default trigger

enum class NodeKind {
  kSource,       // reads from outside; its own stage
  kElementwise,  // fused with its producer when possible
  kKeyed,        // consumes a hash-partitioned input (GroupByKey, combine merge): starts a stage
  kReshuffle,    // consumes a redistributed input (batches dealt across partitions): starts a stage
  kSink,         // writes outside; its own stage
};

struct NodeDef {
  int id = -1;
  std::string name;   // full, unique step name ("Composite/Step")
  std::string label;  // what kind of transform, for explain() ("Map", "GroupByKey", ...)
  NodeKind kind = NodeKind::kElementwise;
  std::vector<int> inputs;   // collection ids, by input port
  int side_inputs = 0;       // the last `side_inputs` inputs are side inputs (broadcast)
  std::vector<int> outputs;  // collection ids, by output port
  OperatorFactory make_op;   // every kind but kSource
  std::shared_ptr<const SourceDef> source;
  std::shared_ptr<SinkFinalizer> finalizer;
  int parallelism = 0;  // 0: the job's parallelism
};

struct CollectionDef {
  int id = -1;
  std::string name;  // "Step.out" or "Step.out<port>"
  std::shared_ptr<const TypeOps> type;
  int producer = -1;
  int producer_port = 0;
  std::shared_ptr<const WindowingStrategy> windowing;
};

class GraphDef {
 public:
  const std::vector<NodeDef>& nodes() const { return nodes_; }
  const std::vector<CollectionDef>& collections() const { return collections_; }
  const NodeDef& node(int id) const { return nodes_.at(static_cast<size_t>(id)); }
  const CollectionDef& collection(int id) const { return collections_.at(static_cast<size_t>(id)); }

  // Adds a node; its name is qualified by the enclosing composites. Throws
  // std::invalid_argument on an empty or duplicate name.
  int add_node(NodeDef node);
  int add_collection(int producer, int port, std::shared_ptr<const TypeOps> type,
                     std::shared_ptr<const WindowingStrategy> windowing);

  // Composite transforms name their parts "Composite/Part".
  void push_scope(const std::string& name);
  void pop_scope();
  // The full name a step called `name` gets if it is added now.
  std::string qualified(const std::string& name) const;

  // The parameters the pipeline was built from (a template's --name=value): part of its
  // definition (pipeline_definition.hpp), so that every process of a job agrees on them.
  void set_parameter(const std::string& name, const std::string& value) {
    parameters_[name] = value;
  }
  const std::map<std::string, std::string>& parameters() const { return parameters_; }

  // Called with a finished in-process run's result, in the order added: sinks that count
  // what they saw (io::ExactlyOnceCheck) add their reports to it.
  using ResultReporter = std::function<void(PipelineResult&)>;
  void add_result_reporter(ResultReporter r) { result_reporters_.push_back(std::move(r)); }
  const std::vector<ResultReporter>& result_reporters() const { return result_reporters_; }

 private:
  std::vector<ResultReporter> result_reporters_;
  std::vector<NodeDef> nodes_;
  std::vector<CollectionDef> collections_;
  std::vector<std::string> scopes_;
  std::set<std::string> names_;
  std::map<std::string, std::string> parameters_;
};

// Names the steps added while it lives "Name/Step" (composite transforms).
class StepScope {
 public:
  StepScope(GraphDef& g, const std::string& name) : g_(g) { g_.push_scope(name); }
  ~StepScope() { g_.pop_scope(); }
  StepScope(const StepScope&) = delete;
  StepScope& operator=(const StepScope&) = delete;

 private:
  GraphDef& g_;
};

}  // namespace rill
