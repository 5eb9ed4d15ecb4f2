#pragma once
// The last operator of a stage on each outgoing edge: it routes elements to the receiving
// partitions and cuts them into batches of `batch_size`. Partial batches wait for more
// elements until flush() (idle stage, watermark, end of input).
#include <memory>

#include "graph/batch_recycler.hpp"
#include "graph/channel_sink.hpp"
#include "graph/coder.hpp"
#include "graph/consumer.hpp"
#include "graph/edge_kind.hpp"
#include "graph/kv.hpp"

namespace rill {

struct EdgeWriterSpec {
  EdgeKind kind = EdgeKind::kForward;
  int edge = 0;          // index of the edge among the stage's outputs
  int num_dests = 1;     // partitions of the receiving stage
  int forward_dest = 0;  // for kForward: this partition's index
  size_t batch_size = 1024;
  size_t recycled = 0;  // sent batches kept for reuse (see BatchRecycler); 0: none
  ChannelSink* sink = nullptr;
};

class AnyEdgeWriter {
 public:
  virtual ~AnyEdgeWriter() = default;
  virtual AnyConsumer* consumer() = 0;
  virtual void flush() = 0;
};

template <class T>
class EdgeWriter final : public AnyEdgeWriter, public Consumer<T> {
 public:
  explicit EdgeWriter(const EdgeWriterSpec& spec)
      : spec_(spec), pending_(spec.num_dests), recycler_(spec.recycled, spec.batch_size) {}

  AnyConsumer* consumer() override { return this; }

  void consume(Batch<T>& batch) override {
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

 private:
  Batch<T>& slot(int d) {
    if (!pending_[d]) pending_[d] = recycler_.take();
    return pending_[d]->items;
  }
  // A full batch is sent at once; the next element starts a new one.
  void push(int d, WindowedValue<T>&& e) {
    auto& p = slot(d);
    p.push_back(std::move(e));
    if (p.size() >= spec_.batch_size) send(d);
  }
  void append(int d, Batch<T>& batch) {
    // A batch that is big enough on its own goes out whole, without copying its elements.
    if ((!pending_[d] || pending_[d]->items.empty()) && batch.size() * 2 >= spec_.batch_size) {
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
        Batch<T>& p = *open_[d];
        p.push_back(std::move(e));
        if (p.size() >= spec_.batch_size) [[unlikely]] {
          send(static_cast<int>(d));
          open_[d] = &slot(static_cast<int>(d));
        }
      }
    } else {
      throw std::logic_error("rill: a hash edge needs KV elements");
    }
  }
  void send(int d) {
    BatchPtr b = std::move(pending_[d]);
    spec_.sink->send(spec_.edge, d, std::move(b));
  }

  EdgeWriterSpec spec_;
  std::vector<std::shared_ptr<TypedBatch<T>>> pending_;
  BatchRecycler<T> recycler_;
  std::vector<Batch<T>*> open_;  // route_by_key's scratch: pending_[d]->items
  int next_ = 0;
};

}  // namespace rill
