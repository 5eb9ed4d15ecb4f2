#include <sstream>
#include <stdexcept>

#include "graph/execution_plan.hpp"
#include "graph/output_paths.hpp"
#include "graph/pipeline.hpp"
#include "graph/plan_limits.hpp"

namespace rill {

const char* to_string(EdgeKind k) {
  switch (k) {
    case EdgeKind::kForward:
      return "forward";
    case EdgeKind::kRoundRobin:
      return "round-robin";
    case EdgeKind::kHash:
      return "hash";
    case EdgeKind::kBroadcast:
      return "broadcast";
  }
  return "?";
}

namespace {

int new_stage(ExecutionPlan& plan, int parallelism) {
  StagePlan s;
  s.id = static_cast<int>(plan.stages.size());
  s.parallelism = parallelism;
  plan.stages.push_back(std::move(s));
  return plan.stages.back().id;
}

// Element-wise steps join the stage of their producers when they all come from one stage
// that is not a sink stage (a source stage runs its readers and the steps fused after them).
// A step that reads side inputs starts a stage of its own: its side inputs may be computed
// downstream of its main input's stage (a diamond), and fusing would make a cycle of stages
// that wait for each other to end.
int fusible_stage(const GraphDef& g, const ExecutionPlan& plan, const NodeDef& n) {
  if (n.side_inputs > 0) return -1;
  auto stage_of = [&](int c) {
    return plan.stage_of_node[static_cast<size_t>(g.collection(c).producer)];
  };
  const size_t mains = n.inputs.size() - static_cast<size_t>(n.side_inputs);
  int stage = -1;
  for (size_t i = 0; i < mains; ++i) {
    int s = stage_of(n.inputs[i]);
    if (stage != -1 && s != stage) return -1;
    stage = s;
  }
  if (stage < 0) return -1;
  const StagePlan& sp = plan.stages[static_cast<size_t>(stage)];
  for (int node : sp.nodes)
    if (g.node(node).kind == NodeKind::kSink) return -1;
  return stage;
}

}  // namespace

ExecutionPlan plan_pipeline(const GraphDef& g, const PipelineOptions& options) {
  ExecutionPlan plan;
  int p = options.effective_parallelism();
  for (const NodeDef& n : g.nodes())
    if (n.source && n.source->needs_serial_execution()) p = 1;
  if (g.nodes().empty()) throw std::invalid_argument("rill: the pipeline has no steps");
  check_output_paths(g);
  plan.stage_of_node.assign(g.nodes().size(), -1);

  for (const NodeDef& n : g.nodes()) {
    int stage = -1;
    switch (n.kind) {
      case NodeKind::kSource:
        stage = new_stage(plan, p);
        plan.stages[static_cast<size_t>(stage)].source_node = n.id;
        break;
      case NodeKind::kElementwise:
        stage = fusible_stage(g, plan, n);
        break;
      case NodeKind::kKeyed:
      case NodeKind::kReshuffle:
      case NodeKind::kSink:
        break;
    }
    if (stage < 0) stage = new_stage(plan, n.parallelism > 0 ? n.parallelism : p);
    auto& sp = plan.stages[static_cast<size_t>(stage)];
    sp.nodes.push_back(n.id);
    plan.stage_of_node[static_cast<size_t>(n.id)] = stage;
    sp.name += (sp.name.empty() ? "" : "+") + n.name;

    // Inputs produced in another stage arrive over an edge.
    const size_t mains = n.inputs.size() - static_cast<size_t>(n.side_inputs);
    for (size_t port = 0; port < n.inputs.size(); ++port) {
      const CollectionDef& c = g.collection(n.inputs[port]);
      const int from = plan.stage_of_node[static_cast<size_t>(c.producer)];
      if (from == stage) continue;
      auto& src = plan.stages[static_cast<size_t>(from)];
      const bool side = port >= mains;
      EdgeKind kind = EdgeKind::kForward;
      if (side) {
        kind = EdgeKind::kBroadcast;
      } else if (n.kind == NodeKind::kKeyed) {
        if (!c.type->is_kv())
          throw std::invalid_argument("rill: step '" + n.name + "' needs keyed (KV) input");
        kind = EdgeKind::kHash;
      } else if (n.kind == NodeKind::kReshuffle || src.parallelism != sp.parallelism) {
        kind = EdgeKind::kRoundRobin;
      }
      sp.inputs.push_back(StageInput{from, c.id, kind, n.id, static_cast<int>(port), side});
      src.outputs.push_back(StageOutput{c.id, stage, static_cast<int>(sp.inputs.size()) - 1, kind});
    }
  }
  check_plan_limits(g, plan, options);
  return plan;
}

std::string ExecutionPlan::explain(const GraphDef& g) const {
  std::ostringstream os;
  for (const auto& s : stages) {
    os << "Stage " << s.id << " x" << s.parallelism << (s.source_node >= 0 ? " (source)" : "")
       << "\n";
    for (const auto& in : s.inputs)
      os << "  <- stage " << in.from_stage << " [" << to_string(in.kind) << "] "
         << g.collection(in.collection).name << "\n";
    for (int n : s.nodes) os << "  " << g.node(n).label << " '" << g.node(n).name << "'\n";
  }
  return os.str();
}

std::string ExecutionPlan::to_dot(const GraphDef& g) const {
  std::ostringstream os;
  auto esc = [](const std::string& s) {
    std::string r;
    for (char c : s) r += (c == '"' ? std::string("\\\"") : std::string(1, c));
    return r;
  };
  os << "digraph rill {\n  rankdir=LR;\n  node [shape=box];\n";
  for (const auto& s : stages) {
    os << "  subgraph cluster_" << s.id << " {\n    label=\"stage " << s.id << " x" << s.parallelism
       << "\";\n";
    for (int n : s.nodes)
      os << "    n" << n << " [label=\"" << esc(g.node(n).label) << "\\n"
         << esc(g.node(n).name) << "\"];\n";
    os << "  }\n";
  }
  for (const auto& n : g.nodes())
    for (int c : n.inputs) {
      const int from = g.collection(c).producer;
      const int fs = stage_of_node[static_cast<size_t>(from)];
      const int ts = stage_of_node[static_cast<size_t>(n.id)];
      std::string style;
      if (fs != ts)
        for (const auto& in : stages[static_cast<size_t>(ts)].inputs)
          if (in.collection == c && in.to_node == n.id)
            style = std::string(" [label=\"") + to_string(in.kind) + "\", style=bold]";
      os << "  n" << from << " -> n" << n.id << style << ";\n";
    }
  os << "}\n";
  return os.str();
}

std::string Pipeline::explain() const {
  return plan_pipeline(*graph_, options_).explain(*graph_);
}
std::string Pipeline::to_dot() const {
  return plan_pipeline(*graph_, options_).to_dot(*graph_);
}

}  // namespace rill
