#pragma once
// Inside a fused stage, operators hand whole batches to each other by direct calls:
// Output<T>::emit(batch) calls Consumer<T>::consume(batch) on each connected operator.
// A consumer may move elements out of the batch it is given; the caller clears it afterwards.
#include <stdexcept>
#include <typeindex>
#include <vector>

#include "graph/any_batch.hpp"

namespace rill {

class AnyConsumer {
 public:
  virtual ~AnyConsumer() = default;
  virtual std::type_index element_type() const = 0;
  // Entry point for batches that arrive from a channel.
  virtual void consume_any(AnyBatch& batch) = 0;
};

template <class T>
class Consumer : public AnyConsumer {
 public:
  virtual void consume(Batch<T>& batch) = 0;
  std::type_index element_type() const final { return typeid(T); }
  void consume_any(AnyBatch& batch) final { consume(static_cast<TypedBatch<T>&>(batch).items); }
};

class AnyOutput {
 public:
  virtual ~AnyOutput() = default;
  virtual void connect(AnyConsumer* consumer) = 0;
};

template <class T>
class Output final : public AnyOutput {
 public:
  void connect(AnyConsumer* c) override {
    if (c->element_type() != typeid(T))
      throw std::logic_error("rill: internal wiring error: element types differ");
    consumers_.push_back(static_cast<Consumer<T>*>(c));
  }
  // Every consumer but the last gets a copy; the last may take the elements.
  void emit(Batch<T>& batch) {
    if (batch.empty() || consumers_.empty()) return;
    for (size_t i = 0; i + 1 < consumers_.size(); ++i) {
      copy_ = batch;
      consumers_[i]->consume(copy_);
      copy_.clear();
    }
    consumers_.back()->consume(batch);
  }
  bool connected() const { return !consumers_.empty(); }

 private:
  std::vector<Consumer<T>*> consumers_;
  Batch<T> copy_;
};

}  // namespace rill
