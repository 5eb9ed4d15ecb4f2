#pragma once
// What the planner and the runtime need to know about a collection's element type without
// knowing the type: its name and how to build the typed edge writer for it.
#include <memory>
#include <string>
#include <typeindex>

#include "graph/edge_writer.hpp"

namespace rill {

class TypeOps {
 public:
  virtual ~TypeOps() = default;
  virtual std::type_index type() const = 0;
  virtual bool is_kv() const = 0;
  virtual std::unique_ptr<AnyEdgeWriter> make_edge_writer(const EdgeWriterSpec& spec) const = 0;
};

template <class T>
class TypeOpsFor final : public TypeOps {
 public:
  std::type_index type() const override { return typeid(T); }
  bool is_kv() const override { return is_kv_v<T>; }
  std::unique_ptr<AnyEdgeWriter> make_edge_writer(const EdgeWriterSpec& spec) const override {
    return std::make_unique<EdgeWriter<T>>(spec);
  }
};

template <class T>
std::shared_ptr<const TypeOps> type_ops_for() {
  static const auto ops = std::make_shared<const TypeOpsFor<T>>();
  return ops;
}

}  // namespace rill
