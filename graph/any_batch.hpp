#pragma once
// Type-erased batches: what crosses a channel between stage actors. The sender builds one
// batch per receiver, so the receiver owns it and may move the elements out.
#include <memory>
#include <typeindex>

#include "graph/windowed_value.hpp"

namespace rill {

class AnyBatch {
 public:
  virtual ~AnyBatch() = default;
  virtual size_t size() const = 0;
  virtual std::type_index element_type() const = 0;
};

template <class T>
class TypedBatch final : public AnyBatch {
 public:
  Batch<T> items;
  size_t size() const override { return items.size(); }
  std::type_index element_type() const override { return typeid(T); }
};

using BatchPtr = std::shared_ptr<AnyBatch>;

}  // namespace rill
