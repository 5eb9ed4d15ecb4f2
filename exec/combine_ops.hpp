#pragma once
// The operators of CombinePerKey and CombineGlobally (graph/transforms/combine.hpp) before
// the shuffle and after it: PartialCombineOp turns inputs into accumulators (folding them per
// key and window when the combiner is lifted), GlobalDefaultOp emits CombineGlobally's
// default for an empty input. The merge after the shuffle is a keyed window operator.
#include <cereal/archives/binary.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "exec/window_table.hpp"
#include "graph/kv.hpp"
#include "graph/operator.hpp"
#include "graph/stable_hash.hpp"
#include "graph/step_error.hpp"

namespace rill::exec {

using rill::detail::as_step;

// Lifetime of the lifted table: entries are created by inputs; an entry is emitted (and
// erased) once the watermark passes its window's end, when the table exceeds kMaxEntries,
// and at the end. Holding partials until then delays nothing: lifting is only used when the
// merge side fires solely on the watermark (fires_once_on_time), and a window downstream
// cannot fire before the watermark passes its end. The table's hold keeps the forwarded
// watermark from passing what it still buffers.
template <class K, class Fn>
class PartialCombineOp final : public OperatorBase, public Consumer<KV<K, typename Fn::InputT>> {
  using In = typename Fn::InputT;
  using Acc = typename Fn::AccumT;
  static constexpr size_t kMaxEntries = 1 << 18;  // ~25 MB of small accumulators at most

 public:
  PartialCombineOp(std::string step, Fn fn, bool lift)
      : OperatorBase(std::move(step)), fn_(std::move(fn)), lift_(lift) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }

  void consume(Batch<KV<K, In>>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    if constexpr (std::is_same_v<Acc, In>) {
      if (!lift_) {  // each input becomes its accumulator in place (Sum, Min, Max, ...)
        as_step(step(), [&] {
          for (auto& e : batch) {
            Acc acc = fn_.create_accumulator();
            fn_.add_input(acc, e.value.value);
            e.value.value = std::move(acc);
          }
        });
        counters_.elements_out += static_cast<int64_t>(batch.size());
        out_.emit(batch);
        return;
      }
    }
    as_step(step(), [&] {
      if (!lift_) {
        for (auto& e : batch) {
          Acc acc = fn_.create_accumulator();
          fn_.add_input(acc, e.value.value);
          buf_.emplace_back(KV<K, Acc>{std::move(e.value.key), std::move(acc)}, e.timestamp,
                            e.window, e.pane);
        }
        return;
      }
      table_.update_all(
          batch.begin(), batch.end(), [](const auto& e) -> const K& { return e.value.key; },
          [&] { return fn_.create_accumulator(); },
          [&](const auto& e, Acc& acc) { fn_.add_input(acc, e.value.value); });
    });
    if (!lift_ || table_.size() > kMaxEntries) emit_before(kMaxTimestamp);
  }
  void on_watermark(Timestamp wm) override { emit_before(wm); }
  void finish() override { emit_before(kMaxTimestamp); }
  Timestamp hold() const override { return table_.hold(); }
  // Checkpoints: the lifted table (empty without lifting: each input goes on at once).
  void snapshot(cereal::BinaryOutputArchive& ar) const override { table_.save(ar); }
  void restore(cereal::BinaryInputArchive& ar) override { table_.load(ar); }

 private:
  // Emits the partials of the windows that end before `wm`.
  void emit_before(Timestamp wm) {
    table_.fire_before(wm, [&](const K& key, const Window& w, Acc&& acc) {
      buf_.emplace_back(KV<K, Acc>{key, std::move(acc)}, w.max_timestamp(), w, PaneInfo{});
    });
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
  }

  Fn fn_;
  bool lift_;
  detail::WindowTable<K, Acc> table_;
  Output<KV<K, Acc>> out_;
  Batch<KV<K, Acc>> buf_;
};

// CombineGlobally's default: in the global window, an empty input still gives one output,
// extract_output(create_accumulator()). Emitted at the end by the one partition that owns
// the unit key, if nothing else came out of the merge.
template <class Fn>
class GlobalDefaultOp final : public OperatorBase,
                              public Consumer<KV<uint8_t, typename Fn::OutputT>> {
  using T = KV<uint8_t, typename Fn::OutputT>;

 public:
  GlobalDefaultOp(const OpContext& ctx, Fn fn) : OperatorBase(ctx.step), fn_(std::move(fn)) {
    owner_ = bucket_of(stable_hash(uint8_t{0}), static_cast<uint32_t>(ctx.num_partitions)) ==
             static_cast<uint32_t>(ctx.partition);
  }
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }
  void consume(Batch<T>& batch) override {
    seen_ |= !batch.empty();
    counters_.elements_in += static_cast<int64_t>(batch.size());
    counters_.elements_out += static_cast<int64_t>(batch.size());
    out_.emit(batch);
  }
  void snapshot(cereal::BinaryOutputArchive& ar) const override { ar(seen_); }
  void restore(cereal::BinaryInputArchive& ar) override { ar(seen_); }
  void finish() override {
    if (!owner_ || seen_) return;
    const Window g = Window::global();
    Batch<T> one;
    as_step(step(), [&] {
      one.push_back({T{0, fn_.extract_output(fn_.create_accumulator())}, g.max_timestamp(), g,
                     PaneInfo{PaneTiming::kOnTime, true, true, 0, 0}});
    });
    counters_.elements_out += 1;
    out_.emit(one);
  }

 private:
  Fn fn_;
  bool owner_ = false;
  bool seen_ = false;
  Output<T> out_;
};

template <class K, class Fn>
std::unique_ptr<OperatorBase> make_partial_combine_op(const std::string& step, Fn fn, bool lift) {
  return std::make_unique<PartialCombineOp<K, Fn>>(step, std::move(fn), lift);
}

template <class Fn>
std::unique_ptr<OperatorBase> make_global_default_op(const OpContext& ctx, Fn fn) {
  return std::make_unique<GlobalDefaultOp<Fn>>(ctx, std::move(fn));
}

}  // namespace rill::exec
