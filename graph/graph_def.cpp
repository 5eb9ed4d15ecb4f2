#include "graph/graph_def.hpp"

#include <stdexcept>

namespace rill {

std::string GraphDef::qualified(const std::string& name) const {
  std::string full;
  for (const auto& s : scopes_) full += s + "/";
  return full + name;
}

int GraphDef::add_node(NodeDef node) {
  if (node.name.empty()) throw std::invalid_argument("rill: every step needs a non-empty name");
  node.name = qualified(node.name);
  if (!names_.insert(node.name).second)
    throw std::invalid_argument("rill: duplicate step name '" + node.name +
                                "': step names must be unique within a pipeline");
  node.id = static_cast<int>(nodes_.size());
  nodes_.push_back(std::move(node));
  return nodes_.back().id;
}

int GraphDef::add_collection(int producer, int port, std::shared_ptr<const TypeOps> type,
                             std::shared_ptr<const WindowingStrategy> windowing) {
  CollectionDef c;
  c.id = static_cast<int>(collections_.size());
  c.producer = producer;
  c.producer_port = port;
  c.type = std::move(type);
  c.windowing = std::move(windowing);
  auto& n = nodes_.at(static_cast<size_t>(producer));
  c.name = n.name + (port == 0 ? ".out" : ".out" + std::to_string(port));
  if (n.outputs.size() <= static_cast<size_t>(port)) n.outputs.resize(port + 1, -1);
  n.outputs[port] = c.id;
  collections_.push_back(std::move(c));
  return collections_.back().id;
}

void GraphDef::push_scope(const std::string& name) {
  if (name.empty()) throw std::invalid_argument("rill: a composite transform needs a name");
  scopes_.push_back(name);
}

void GraphDef::pop_scope() {
  scopes_.pop_back();
}

}  // namespace rill
