#pragma once
// GenerateEvents: a bounded source of `n` keyed events in event-time order, event i at time
// i ms with make_kv(i, k)'s key and value. Reader r of P produces events r, r+P, r+2P, ...
// so every reader advances through event time at the same pace, and its watermark follows
// the last event it produced (in-order events: nothing it produces later is earlier).
#include <memory>

#include "bench/records.hpp"
#include "graph/transforms/create.hpp"

namespace rill::bench {
namespace detail {

class EventReader final : public rill::SourceReader<rill::KV<int64_t, int64_t>> {
 public:
  EventReader(uint64_t n, uint64_t k, uint64_t first, uint64_t stride)
      : n_(n), k_(k), next_(first), stride_(stride) {}
  Timestamp watermark() const override {
    return exhausted() ? kMaxTimestamp : static_cast<Timestamp>(next_) - 1;
  }

 protected:
  bool read(rill::Batch<rill::KV<int64_t, int64_t>>& out, size_t max) override {
    out.reserve(out.size() + max);
    for (size_t i = 0; i < max && next_ < n_; ++i, next_ += stride_)
      out.push_back({make_kv(next_, k_), static_cast<Timestamp>(next_)});
    return next_ < n_;
  }
  bool has_position() const override { return true; }
  void save_position(cereal::BinaryOutputArchive& ar) const override { ar(next_); }
  void load_position(cereal::BinaryInputArchive& ar) override { ar(next_); }

 private:
  uint64_t n_, k_, next_, stride_;
};

class EventSource final : public rill::SourceDef {
 public:
  EventSource(uint64_t n, uint64_t k) : n_(n), k_(k) {}
  bool checkpointable() const override { return true; }
  std::vector<std::unique_ptr<rill::SourceReaderBase>> split(
      int desired, const rill::OpContext&) const override {
    std::vector<std::unique_ptr<rill::SourceReaderBase>> readers;
    const uint64_t parts = static_cast<uint64_t>(std::max(desired, 1));
    for (uint64_t r = 0; r < parts; ++r)
      readers.push_back(std::make_unique<EventReader>(n_, k_, r, parts));
    return readers;
  }

 private:
  uint64_t n_, k_;
};

}  // namespace detail

struct GenerateEvents {
  std::string name;
  uint64_t n, k;
  rill::PCollection<rill::KV<int64_t, int64_t>> expand_root(
      const std::shared_ptr<rill::GraphDef>& g) {
    return rill::detail::add_source<rill::KV<int64_t, int64_t>>(
        g, name, "GenerateEvents", std::make_shared<detail::EventSource>(n, k));
  }
};

}  // namespace rill::bench
