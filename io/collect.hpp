#pragma once
// Collect: a sink that keeps every element (with its timestamp, window and pane) in memory,
// for tests and small results. Read it after run().
//   auto out = pc | rill::io::Collect("Out");
//   p.run();
//   out->values();  // in arrival order, which depends on parallelism: compare sorted
#include <memory>
#include <mutex>
#include <vector>

#include <stdexcept>

#include "graph/coder.hpp"
#include "graph/pcollection.hpp"

namespace rill::io {

// What the partitions of a Collect sink received, kept per partition so that a checkpoint
// restore can set one partition's share back (exactly once across restarts).
template <class T>
class Collected {
 public:
  void append(int partition, Batch<T>& batch) {
    std::lock_guard lock(mu_);
    auto& items = share(partition);
    for (auto& e : batch) items.push_back(std::move(e));
  }
  std::vector<WindowedValue<T>> elements() const {
    std::lock_guard lock(mu_);
    std::vector<WindowedValue<T>> out;
    for (const auto& p : parts_) out.insert(out.end(), p.begin(), p.end());
    return out;
  }
  std::vector<T> values() const {
    std::lock_guard lock(mu_);
    std::vector<T> out;
    for (const auto& p : parts_)
      for (const auto& e : p) out.push_back(e.value);
    return out;
  }
  void clear() {
    std::lock_guard lock(mu_);
    parts_.clear();
  }
  // Checkpoints: one partition's share.
  std::vector<WindowedValue<T>> share_of(int partition) {
    std::lock_guard lock(mu_);
    return share(partition);
  }
  void set_share(int partition, std::vector<WindowedValue<T>> items) {
    std::lock_guard lock(mu_);
    share(partition) = std::move(items);
  }
  size_t size_of(int partition) {
    std::lock_guard lock(mu_);
    return share(partition).size();
  }
  void truncate(int partition, size_t n) {
    std::lock_guard lock(mu_);
    auto& items = share(partition);
    if (items.size() < n)
      throw std::runtime_error("Collect: the checkpoint had " + std::to_string(n) +
                               " elements of this partition, memory holds " +
                               std::to_string(items.size()) +
                               " (a non-serializable type restores only in the same process)");
    items.resize(n);
  }

 private:
  std::vector<WindowedValue<T>>& share(int partition) {
    if (parts_.size() <= static_cast<size_t>(partition))
      parts_.resize(static_cast<size_t>(partition) + 1);
    return parts_[static_cast<size_t>(partition)];
  }

  mutable std::mutex mu_;
  std::vector<std::vector<WindowedValue<T>>> parts_;
};

namespace detail {
// Lifetime of a partition's share: emptied at setup of a start from the beginning (a restart
// without a checkpoint starts over), grown by input, snapshotted whole (or, for a type
// without a coder, as its size) and set back by a restore; a partition that had finished
// before the checkpoint keeps its share as it is (OpContext::restoring).
template <class T>
class CollectOp final : public OperatorBase, public Consumer<T> {
 public:
  CollectOp(const OpContext& ctx, std::shared_ptr<Collected<T>> store)
      : OperatorBase(ctx.step),
        partition_(ctx.partition),
        restoring_(ctx.restoring),
        store_(std::move(store)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void setup() override {
    if (!restoring_) store_->set_share(partition_, {});
  }
  void consume(Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    store_->append(partition_, batch);
  }
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    if constexpr (is_serializable_v<T>) {
      ar(store_->share_of(partition_));
    } else {
      ar(static_cast<uint64_t>(store_->size_of(partition_)));
    }
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    if constexpr (is_serializable_v<T>) {
      std::vector<WindowedValue<T>> items;
      ar(items);
      store_->set_share(partition_, std::move(items));
    } else {
      uint64_t n = 0;
      ar(n);
      store_->truncate(partition_, static_cast<size_t>(n));
    }
  }

 private:
  int partition_;
  bool restoring_;
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
      return std::make_unique<detail::CollectOp<T>>(ctx, store);
    };
    in.graph().add_node(std::move(n));
    return store;
  }
};

}  // namespace rill::io
