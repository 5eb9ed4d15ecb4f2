#pragma once
// Collect: a sink that keeps every element (with its timestamp, window and pane) in memory,
// for tests and small results. Read it after run().
//   auto out = pc | rill::io::Collect("Out");
//   p.run();
//   out->values();  // in arrival order, which depends on parallelism: compare sorted
#include <memory>
#include <mutex>
#include <vector>

#include "graph/pcollection.hpp"

namespace rill::io {

template <class T>
class Collected {
 public:
  void append(Batch<T>& batch) {
    std::lock_guard lock(mu_);
    for (auto& e : batch) items_.push_back(std::move(e));
  }
  std::vector<WindowedValue<T>> elements() const {
    std::lock_guard lock(mu_);
    return items_;
  }
  std::vector<T> values() const {
    std::lock_guard lock(mu_);
    std::vector<T> out;
    out.reserve(items_.size());
    for (const auto& e : items_) out.push_back(e.value);
    return out;
  }
  void clear() {
    std::lock_guard lock(mu_);
    items_.clear();
  }

 private:
  mutable std::mutex mu_;
  std::vector<WindowedValue<T>> items_;
};

namespace detail {
template <class T>
class CollectOp final : public OperatorBase, public Consumer<T> {
 public:
  CollectOp(std::string step, std::shared_ptr<Collected<T>> store)
      : OperatorBase(std::move(step)), store_(std::move(store)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void consume(Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    store_->append(batch);
  }

 private:
  std::shared_ptr<Collected<T>> store_;
};
}  // namespace detail

struct Collect {
  std::string name;
  explicit Collect(std::string n) : name(std::move(n)) {}

  template <class T>
  std::shared_ptr<Collected<T>> expand(const PCollection<T>& in) {
    auto store = std::make_shared<Collected<T>>();
    NodeDef n;
    n.name = name;
    n.label = "Collect";
    n.kind = NodeKind::kSink;
    n.inputs = {in.id()};
    n.make_op = [store](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return std::make_unique<detail::CollectOp<T>>(ctx.step, store);
    };
    in.graph().add_node(std::move(n));
    return store;
  }
};

}  // namespace rill::io
