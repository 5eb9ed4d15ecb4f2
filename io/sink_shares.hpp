#pragma once
// What an in-memory sink (io::Collect, io::ExactlyOnceCheck) keeps, per partition, and the
// sink operator that fills it. Kept per partition so that a checkpoint restore can set one
// partition's share back: what such a sink holds is exactly once across restarts.
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/coder.hpp"
#include "graph/operator.hpp"
#include "graph/pcollection.hpp"

namespace rill::io::detail {

// One vector of `Item` per partition; every call locks (partitions run on several threads).
template <class Item>
class PartitionShares {
 public:
  using item_type = Item;

  // Runs f(share) on partition `partition`'s vector under the lock.
  template <class F>
  void update(int partition, F&& f) {
    std::lock_guard lock(mu_);
    f(share(partition));
  }
  // Every partition's items, partition by partition.
  std::vector<Item> all() const {
    std::lock_guard lock(mu_);
    std::vector<Item> out;
    for (const auto& p : parts_) out.insert(out.end(), p.begin(), p.end());
    return out;
  }
  void clear() {
    std::lock_guard lock(mu_);
    parts_.clear();
  }
  // Checkpoints: one partition's share.
  std::vector<Item> share_of(int partition) {
    std::lock_guard lock(mu_);
    return share(partition);
  }
  void set_share(int partition, std::vector<Item> items) {
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
      throw std::runtime_error("in-memory sink: the checkpoint had " + std::to_string(n) +
                               " elements of this partition, memory holds " +
                               std::to_string(items.size()) +
                               " (a non-serializable type restores only in the same process)");
    items.resize(n);
  }

 protected:
  // The caller holds mu_.
  std::vector<Item>& share(int partition) {
    if (parts_.size() <= static_cast<size_t>(partition))
      parts_.resize(static_cast<size_t>(partition) + 1);
    return parts_[static_cast<size_t>(partition)];
  }

  mutable std::mutex mu_;
  std::vector<std::vector<Item>> parts_;
};

// The sink operator over PartitionShares: `append(batch, share)` turns a batch of T into the
// items it keeps (it may move the elements out).
// Lifetime of a partition's share: emptied at setup of a start from the beginning (a restart
// without a checkpoint starts over), grown by input, snapshotted whole (or, for an item type
// without a coder, as its size) and set back by a restore; a partition that had finished
// before the checkpoint keeps its share as it is (OpContext::restoring).
template <class T, class Item, class Append>
class ShareSinkOp final : public OperatorBase, public Consumer<T> {
 public:
  ShareSinkOp(const OpContext& ctx, std::shared_ptr<PartitionShares<Item>> store,
              Append append = {})
      : OperatorBase(ctx.step),
        partition_(ctx.partition),
        restoring_(ctx.restoring),
        store_(std::move(store)),
        append_(std::move(append)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void setup() override {
    if (!restoring_) store_->set_share(partition_, {});
  }
  void consume(Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    store_->update(partition_, [&](std::vector<Item>& items) { append_(batch, items); });
  }
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    if constexpr (is_serializable_v<Item>) {
      ar(store_->share_of(partition_));
    } else {
      ar(static_cast<uint64_t>(store_->size_of(partition_)));
    }
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    if constexpr (is_serializable_v<Item>) {
      std::vector<Item> items;
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
  std::shared_ptr<PartitionShares<Item>> store_;
  Append append_;
};

// The sink node named `name` (label `label`) on `in` that fills `store`; the caller adds it
// to the graph (with a finalizer, if it has one).
template <class T, class Item, class Append>
NodeDef share_sink_node(const PCollection<T>& in, std::string name, std::string label,
                        std::shared_ptr<PartitionShares<Item>> store, Append append = {}) {
  NodeDef n;
  n.name = std::move(name);
  n.label = std::move(label);
  n.kind = NodeKind::kSink;
  n.inputs = {in.id()};
  n.make_op = [store = std::move(store),
               append = std::move(append)](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return std::make_unique<ShareSinkOp<T, Item, Append>>(ctx, store, append);
  };
  return n;
}

}  // namespace rill::io::detail
