#pragma once
// The last operator of a stage on each outgoing edge: it routes elements to the receiving
// partitions and cuts them into batches of `batch_size` elements, or of `batch_bytes` (see
// element_bytes.hpp) when elements own heap memory: a channel then holds at most credits x
// batch_bytes. Partial batches wait for more elements until flush() (idle stage, watermark,
// end of input).
#include <memory>

#include "exec/batch_recycler.hpp"
#include "exec/element_bytes.hpp"
#include "exec/hot_key_sketch.hpp"
#include "graph/coder.hpp"
#include "graph/consumer.hpp"
#include "graph/engine.hpp"
#include "graph/kv.hpp"

namespace rill {

template <class T>
class EdgeWriter final : public AnyEdgeWriter, public Consumer<T> {
 public:
  explicit EdgeWriter(const EdgeWriterSpec& spec)
      : spec_(spec),
        pending_(spec.num_dests),
        bytes_(kMeasured ? spec.num_dests : 0),
        recycler_(spec.recycled, spec.batch_size) {
    if (spec_.batch_bytes == 0) spec_.batch_bytes = SIZE_MAX;
  }

  AnyConsumer* consumer() override { return this; }

  void consume(Batch<T>& batch) override {
    if constexpr (is_kv_v<T>)
      if (spec_.keyed) sketch_.observe_batch(batch, [](const auto& k) { return stable_hash(k); });
    switch (spec_.kind) {
      case EdgeKind::kForward:
        append(spec_.forward_dest, batch);
        break;
      case EdgeKind::kRoundRobin:
        append(next_, batch);
        next_ = (next_ + 1) % spec_.num_dests;
        break;
      case EdgeKind::kBroadcast:
        for (int d = 0; d < spec_.num_dests; ++d)
          for (const auto& e : batch) push(d, WindowedValue<T>(e));
        break;
      case EdgeKind::kHash:
        route_by_key(batch);
        break;
    }
  }

  void flush() override {
    for (int d = 0; d < spec_.num_dests; ++d)
      if (pending_[d] && !pending_[d]->items.empty()) send(d);
  }

  void hot_keys(const std::string& step, std::vector<HotKey>& out) const override {
    for (auto& e : sketch_.top()) out.push_back(HotKey{step, std::move(e.key), e.count, e.error});
  }

 private:
  // Elements that own heap memory are weighed one by one; any other type's batches are
  // bounded by their element count alone (the planner checked batch_size x its size).
  static constexpr bool kMeasured = HeapBytes<T>::dynamic;
  static size_t weight(const WindowedValue<T>& e) {
    return sizeof(WindowedValue<T>) + HeapBytes<T>::of(e.value);
  }
  bool full(int d, const Batch<T>& p) const {
    if constexpr (kMeasured) return p.size() >= spec_.batch_size || bytes_[d] >= spec_.batch_bytes;
    return p.size() >= spec_.batch_size;
  }

  Batch<T>& slot(int d) {
    if (!pending_[d]) pending_[d] = recycler_.take();
    return pending_[d]->items;
  }
  // A full batch is sent at once; the next element starts a new one.
  void push(int d, WindowedValue<T>&& e) {
    if constexpr (kMeasured) bytes_[d] += weight(e);
    auto& p = slot(d);
    p.push_back(std::move(e));
    if (full(d, p)) send(d);
  }
  // Whether a whole batch fits one message within the byte bound.
  bool within_bytes(const Batch<T>& batch) const {
    if constexpr (kMeasured) {
      size_t n = 0;
      for (const auto& e : batch)
        if ((n += weight(e)) > spec_.batch_bytes) return false;
    }
    return true;
  }
  void append(int d, Batch<T>& batch) {
    // A batch that is big enough on its own goes out whole, without copying its elements.
    if ((!pending_[d] || pending_[d]->items.empty()) && batch.size() * 2 >= spec_.batch_size &&
        batch.size() <= spec_.batch_size && within_bytes(batch)) {
      auto whole = recycler_.take();
      whole->items.swap(batch);  // the caller refills the recycled vector
      pending_[d].reset();
      spec_.sink->send(spec_.edge, d, std::move(whole));
      return;
    }
    for (auto& e : batch) push(d, std::move(e));
  }
  void route_by_key(Batch<T>& batch) {
    if constexpr (is_kv_v<T>) {
      if (spec_.num_dests == 1) return append(0, batch);  // every key goes to partition 0
      // The open batch of each partition is looked up once per input batch, not per element.
      const auto n = static_cast<uint32_t>(spec_.num_dests);
      open_.resize(n);
      for (uint32_t d = 0; d < n; ++d) open_[d] = &slot(static_cast<int>(d));
      for (auto& e : batch) {
        const uint32_t d = bucket_of(stable_hash(e.value.key), n);
        if constexpr (kMeasured) bytes_[d] += weight(e);
        Batch<T>& p = *open_[d];
        p.push_back(std::move(e));
        if (full(static_cast<int>(d), p)) [[unlikely]] {
          send(static_cast<int>(d));
          open_[d] = &slot(static_cast<int>(d));
        }
      }
    } else {
      throw std::logic_error("rill: a hash edge needs KV elements");
    }
  }
  void send(int d) {
    if constexpr (kMeasured) bytes_[d] = 0;
    BatchPtr b = std::move(pending_[d]);
    spec_.sink->send(spec_.edge, d, std::move(b));
  }

  EdgeWriterSpec spec_;
  std::vector<std::shared_ptr<TypedBatch<T>>> pending_;
  std::vector<size_t> bytes_;  // kMeasured: the weight of each pending batch
  BatchRecycler<T> recycler_;
  std::vector<Batch<T>*> open_;  // route_by_key's scratch: pending_[d]->items
  HotKeySketch sketch_;          // a keyed edge: its most frequent keys
  int next_ = 0;
};

namespace exec {

template <class T>
std::unique_ptr<AnyEdgeWriter> make_edge_writer(const EdgeWriterSpec& spec) {
  return std::make_unique<EdgeWriter<T>>(spec);
}

}  // namespace exec
}  // namespace rill
