#pragma once
// Generate: a bounded source of `n` synthetic elements gen(0), ..., gen(n-1), made on the
// fly so that input memory does not dominate the run. Like Create, it is cut into even
// slices, one reader per slice, and elements get the default timestamp and global window.
//   auto records = p | Generate("Records", n, [](uint64_t i) { return make_record(i); });
#include <algorithm>
#include <cstdint>
#include <memory>
#include <type_traits>

#include "graph/transforms/create.hpp"

namespace rill::bench {
namespace detail {

template <class T, class Gen>
class GeneratedReader final : public rill::SourceReader<T> {
 public:
  GeneratedReader(Gen gen, uint64_t begin, uint64_t end) : gen_(gen), pos_(begin), end_(end) {}

 protected:
  bool read(rill::Batch<T>& out, size_t max) override {
    const uint64_t stop = std::min<uint64_t>(end_, pos_ + max);
    out.reserve(out.size() + (stop - pos_));
    for (; pos_ < stop; ++pos_) out.push_back(rill::WindowedValue<T>{gen_(pos_)});
    return pos_ < end_;
  }
  bool has_position() const override { return true; }
  void save_position(cereal::BinaryOutputArchive& ar) const override { ar(pos_); }
  void load_position(cereal::BinaryInputArchive& ar) override { ar(pos_); }

 private:
  Gen gen_;
  uint64_t pos_, end_;
};

template <class T, class Gen>
class GeneratedSource final : public rill::SourceDef {
 public:
  GeneratedSource(uint64_t n, Gen gen) : n_(n), gen_(gen) {}
  bool checkpointable() const override { return true; }
  std::vector<std::unique_ptr<rill::SourceReaderBase>> split(
      int desired, const rill::OpContext&) const override {
    std::vector<std::unique_ptr<rill::SourceReaderBase>> readers;
    const uint64_t parts = static_cast<uint64_t>(std::max(desired, 1));
    for (uint64_t i = 0; i < parts; ++i)
      readers.push_back(
          std::make_unique<GeneratedReader<T, Gen>>(gen_, n_ * i / parts, n_ * (i + 1) / parts));
    return readers;
  }

 private:
  uint64_t n_;
  Gen gen_;
};

}  // namespace detail

template <class Gen>
struct Generate {
  using T = std::remove_cvref_t<std::invoke_result_t<Gen&, uint64_t>>;
  std::string name;
  uint64_t n;
  Gen gen;
  Generate(std::string nm, uint64_t count, Gen g) : name(std::move(nm)), n(count), gen(g) {}

  rill::PCollection<T> expand_root(const std::shared_ptr<rill::GraphDef>& g) {
    return rill::detail::add_source<T>(g, name, "Generate",
                                       std::make_shared<detail::GeneratedSource<T, Gen>>(n, gen));
  }
};

}  // namespace rill::bench
