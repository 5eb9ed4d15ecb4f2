#pragma once
// An unbounded, checkpointable test source: reader r of P emits r, r+P, r+2P, ...
// (timestamp = value), 16 per pump, one pump a millisecond, until the job is stopped.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "rill.hpp"

namespace rill::test {

class TickReader final : public SourceReader<int64_t> {
 public:
  TickReader(int64_t first, int64_t stride) : next_(first), stride_(stride) {}
  Timestamp watermark() const override { return next_ - 1; }
  int64_t wait_micros() const override { return 1000; }

 protected:
  bool has_position() const override { return true; }
  void save_position(cereal::BinaryOutputArchive& ar) const override { ar(next_); }
  void load_position(cereal::BinaryInputArchive& ar) override { ar(next_); }
  bool read(Batch<int64_t>& out, size_t max) override {
    for (size_t i = 0; i < std::min<size_t>(max, 16); ++i, next_ += stride_)
      out.push_back({next_, next_});
    return true;
  }

 private:
  int64_t next_, stride_;
};

class TickSource final : public SourceDef {
 public:
  std::vector<std::unique_ptr<SourceReaderBase>> split(int desired,
                                                       const OpContext&) const override {
    std::vector<std::unique_ptr<SourceReaderBase>> readers;
    for (int r = 0; r < std::max(desired, 1); ++r)
      readers.push_back(std::make_unique<TickReader>(r, std::max(desired, 1)));
    return readers;
  }
  bool checkpointable() const override { return true; }
  bool unbounded() const override { return true; }
};

struct Ticks {
  std::string name;
  PCollection<int64_t> expand_root(const std::shared_ptr<GraphDef>& g) {
    return detail::add_source<int64_t>(g, name, "Ticks", std::make_shared<TickSource>());
  }
};

}  // namespace rill::test
