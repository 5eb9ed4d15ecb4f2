#pragma once
// What the planner and the runtime need to know about a collection's element type without
// knowing the type: its name and how to build the typed edge writer for it.
#include <memory>
#include <string>
#include <typeindex>

#include "graph/coder.hpp"
#include "graph/engine.hpp"
#include "graph/kv.hpp"
#include "graph/prebuilt_type_ops.hpp"

namespace rill {

class TypeOps {
 public:
  virtual ~TypeOps() = default;
  virtual std::type_index type() const = 0;
  virtual bool is_kv() const = 0;
  virtual std::unique_ptr<AnyEdgeWriter> make_edge_writer(const EdgeWriterSpec& spec) const = 0;
  // Batches that leave the process are encoded with the collection's coder (Cereal).
  virtual bool serializable() const = 0;
  // sizeof(WindowedValue<T>): what an element costs in a batch before any heap it owns.
  virtual size_t element_bytes() const = 0;
  virtual std::string encode_batch(const AnyBatch& batch) const = 0;
  virtual BatchPtr decode_batch(const std::string& bytes) const = 0;
};

template <class T>
class TypeOpsFor final : public TypeOps {
 public:
  std::type_index type() const override { return typeid(T); }
  bool is_kv() const override { return is_kv_v<T>; }
  std::unique_ptr<AnyEdgeWriter> make_edge_writer(const EdgeWriterSpec& spec) const override {
    return exec::make_edge_writer<T>(spec);
  }
  bool serializable() const override { return is_serializable_v<T>; }
  size_t element_bytes() const override { return sizeof(WindowedValue<T>); }
  std::string encode_batch(const AnyBatch& batch) const override {
    if constexpr (is_serializable_v<T>) {
      return encode(static_cast<const TypedBatch<T>&>(batch).items);
    } else {
      throw std::logic_error("rill: element type is not Cereal-serializable");
    }
  }
  BatchPtr decode_batch(const std::string& bytes) const override {
    if constexpr (is_serializable_v<T>) {
      auto b = std::make_shared<TypedBatch<T>>();
      b->items = decode<Batch<T>>(bytes);
      return b;
    } else {
      throw std::logic_error("rill: element type is not Cereal-serializable");
    }
  }
};

// One TypeOpsFor<T> per program, compiled where it is first asked for.
template <class T>
std::shared_ptr<const TypeOps> compiled_type_ops() {
  static const auto ops = std::make_shared<const TypeOpsFor<T>>();
  return ops;
}

// rill's own for the common types (graph/prebuilt_type_ops.hpp), else compiled here.
template <class T>
std::shared_ptr<const TypeOps> type_ops_for() {
  if constexpr (prebuilt::HasTypeOps<T>)
    return prebuilt::type_ops(std::type_identity<T>{});
  else
    return compiled_type_ops<T>();
}

}  // namespace rill
