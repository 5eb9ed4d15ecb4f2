#pragma once
// DigestSink: the benchmark's terminal step. It folds every element into a per-partition
// Digest and merges it into a shared DigestStore when the partition ends, so the sink costs
// a hash per element and no lock per batch (unlike io::Collect).
//
// It is declared NodeKind::kElementwise, not kSink, on purpose: the planner then fuses it
// into its producer's stage, as it would fuse a "drop everything" Filter, instead of adding
// a channel hop that a real pipeline's last transform would not pay.
//   auto store = pc | DigestSink("Digest", HashString{});
//   p.run();  store->total();
#include <memory>
#include <mutex>
#include <string>

#include <cereal/archives/binary.hpp>

#include "bench/digest.hpp"
#include "graph/pcollection.hpp"

namespace rill::bench {

class DigestStore {
 public:
  void merge(const Digest& d) {
    std::lock_guard lock(mu_);
    total_.merge(d);
  }
  Digest total() const {
    std::lock_guard lock(mu_);
    return total_;
  }

 private:
  mutable std::mutex mu_;
  Digest total_;
};

namespace detail {

template <class T, class Hash>
class DigestOp final : public rill::OperatorBase, public rill::Consumer<T> {
 public:
  DigestOp(std::string step, Hash hash, std::shared_ptr<DigestStore> store)
      : OperatorBase(std::move(step)), hash_(std::move(hash)), store_(std::move(store)) {}
  rill::AnyConsumer* input(int) override { return this; }
  rill::AnyOutput* output(int) override { return nullptr; }
  void consume(rill::Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    for (const auto& e : batch) local_.add(hash_(e.value));
  }
  // Checkpoints: the partition's digest so far (merged into the store only at the end).
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    ar(local_.count, local_.sum_a, local_.sum_b);
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    ar(local_.count, local_.sum_a, local_.sum_b);
  }
  // At the end of the input only: the operators before it in the stage (in topological
  // order) have finished, so nothing can arrive later. Not in teardown(), which also runs
  // when a partition is stopped for a restart: its digest then counts what the restored
  // partition will see again.
  void finish() override {
    store_->merge(local_);
    local_ = {};
  }

 private:
  Hash hash_;
  std::shared_ptr<DigestStore> store_;
  Digest local_;
};

}  // namespace detail

template <class Hash>
struct DigestSink {
  std::string name;
  Hash hash;
  DigestSink(std::string n, Hash h) : name(std::move(n)), hash(std::move(h)) {}

  template <class T>
  std::shared_ptr<DigestStore> expand(const rill::PCollection<T>& in) {
    auto store = std::make_shared<DigestStore>();
    rill::NodeDef n;
    n.name = name;
    n.label = "DigestSink";
    n.kind = rill::NodeKind::kElementwise;  // fused into the producer's stage, see above
    n.inputs = {in.id()};
    n.make_op = [store, h = hash](const rill::OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return std::make_unique<detail::DigestOp<T, Hash>>(ctx.step, h, store);
    };
    in.graph().add_node(std::move(n));
    return store;
  }
};

}  // namespace rill::bench
