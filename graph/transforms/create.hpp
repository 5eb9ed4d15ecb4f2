#pragma once
// Create: a bounded in-memory source. Elements get Beam's default timestamp (the minimum)
// and the global window; the list is cut into even slices, one reader per slice.
#include <memory>
#include <vector>

#include "graph/pcollection.hpp"

namespace rill {
namespace detail {

template <class T>
class VectorReader final : public SourceReader<T> {
 public:
  VectorReader(std::shared_ptr<const std::vector<T>> data, size_t begin, size_t end)
      : data_(std::move(data)), pos_(begin), end_(end) {}

 protected:
  bool read(Batch<T>& out, size_t max) override {
    const size_t stop = std::min(end_, pos_ + max);
    out.reserve(stop - pos_);
    for (; pos_ < stop; ++pos_) out.push_back(WindowedValue<T>{(*data_)[pos_]});
    return pos_ < end_;
  }
  int64_t backlog_elements() const override { return static_cast<int64_t>(end_ - pos_); }
  bool has_position() const override { return true; }
  void save_position(cereal::BinaryOutputArchive& ar) const override {
    ar(static_cast<uint64_t>(pos_));
  }
  void load_position(cereal::BinaryInputArchive& ar) override {
    uint64_t pos = 0;
    ar(pos);
    pos_ = static_cast<size_t>(pos);
  }

 private:
  std::shared_ptr<const std::vector<T>> data_;
  size_t pos_, end_;
};

template <class T>
class VectorSource final : public SourceDef {
 public:
  explicit VectorSource(std::shared_ptr<const std::vector<T>> data) : data_(std::move(data)) {}
  std::vector<std::unique_ptr<SourceReaderBase>> split(int desired,
                                                       const OpContext&) const override {
    std::vector<std::unique_ptr<SourceReaderBase>> readers;
    const size_t n = data_->size(), parts = static_cast<size_t>(std::max(desired, 1));
    for (size_t i = 0; i < parts; ++i)
      readers.push_back(
          std::make_unique<VectorReader<T>>(data_, n * i / parts, n * (i + 1) / parts));
    return readers;
  }
  bool checkpointable() const override { return true; }
  std::string describe() const override {
    std::string d = std::to_string(data_->size()) + " element(s)";
    if constexpr (is_serializable_v<T>) {
      const std::string bytes = encode(*data_);
      d += ", content hash " + std::to_string(hash_bytes(bytes.data(), bytes.size()));
    }
    return d;
  }

 private:
  std::shared_ptr<const std::vector<T>> data_;
};

// Adds a source step producing T from `source`.
template <class T>
PCollection<T> add_source(const std::shared_ptr<GraphDef>& g, const std::string& name,
                          std::string label, std::shared_ptr<const SourceDef> source) {
  NodeDef n;
  n.name = name;
  n.label = std::move(label);
  n.kind = NodeKind::kSource;
  n.source = std::move(source);
  int node = g->add_node(std::move(n));
  return PCollection<T>(g, g->add_collection(node, 0, type_ops_for<T>(), nullptr));
}

}  // namespace detail

template <class T>
struct Create {
  std::string name;
  std::vector<T> values;
  Create(std::string n, std::vector<T> v) : name(std::move(n)), values(std::move(v)) {}

  PCollection<T> expand_root(const std::shared_ptr<GraphDef>& g) {
    auto data = std::make_shared<const std::vector<T>>(std::move(values));
    return detail::add_source<T>(g, name, "Create",
                                 std::make_shared<detail::VectorSource<T>>(std::move(data)));
  }
};

template <class T>
Create(std::string, std::vector<T>) -> Create<T>;

}  // namespace rill
