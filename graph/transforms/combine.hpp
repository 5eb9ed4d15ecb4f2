#pragma once
// CombinePerKey and CombineGlobally, with combiner lifting: the step "Name/Partial" runs
// fused with the producer and folds inputs into one accumulator per key and window; after the
// hash shuffle, "Name/Merge" merges the partial accumulators and extracts the output when
// the window fires.
#include <cstdint>

#include "graph/kv.hpp"
#include "graph/pcollection.hpp"
#include "graph/transforms/combine_fn.hpp"
#include "graph/transforms/do_fn.hpp"
#include "graph/transforms/elementwise.hpp"
#include "graph/transforms/keyed_windows.hpp"

namespace rill {
namespace detail {

// Lifetime of the partial table: entries are created by inputs and all emitted (and erased)
// on flush(): when the stage is idle, before a watermark is forwarded, when the table
// exceeds kMaxEntries, and at the end. Its hold is the earliest window it buffers.
template <class K, class Fn>
class PartialCombineOp final : public OperatorBase,
                               public Consumer<KV<K, typename Fn::InputT>> {
  using In = typename Fn::InputT;
  using Acc = typename Fn::AccumT;
  static constexpr size_t kMaxEntries = 1 << 16;

 public:
  PartialCombineOp(std::string step, Fn fn) : OperatorBase(std::move(step)), fn_(std::move(fn)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }

  void consume(Batch<KV<K, In>>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    as_step(step(), [&] {
      for (auto& e : batch) {
        Acc& acc = table_.at(e.value.key, e.window, [&] { return fn_.create_accumulator(); });
        fn_.add_input(acc, e.value.value);
      }
    });
    if (table_.keys() > kMaxEntries) flush();
  }
  void flush() override {
    table_.fire_before(kMaxTimestamp, [&](const K& key, const Window& w, Acc&& acc) {
      buf_.push_back({KV<K, Acc>{key, std::move(acc)}, w.max_timestamp(), w, PaneInfo{}});
    });
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
  }
  void on_watermark(Timestamp) override { flush(); }
  void finish() override { flush(); }
  Timestamp hold() const override { return table_.hold(); }

 private:
  Fn fn_;
  KeyedWindows<K, Acc> table_;
  Output<KV<K, Acc>> out_;
  Batch<KV<K, Acc>> buf_;
};

template <class K, class Fn>
class MergeCombineOp final : public OperatorBase, public Consumer<KV<K, typename Fn::AccumT>> {
  using Acc = typename Fn::AccumT;
  using Out = typename Fn::OutputT;

 public:
  // With `default_key`, the partition that owns that key emits extract_output of an empty
  // accumulator in the global window when no input arrived (CombineGlobally's default).
  MergeCombineOp(std::string step, Fn fn, const OpContext& ctx, bool emit_default,
                 const K& default_key)
      : OperatorBase(std::move(step)), fn_(std::move(fn)), default_key_(default_key) {
    emit_default_ = emit_default &&
                    bucket_of(stable_hash(default_key), static_cast<uint32_t>(ctx.num_partitions)) ==
                        static_cast<uint32_t>(ctx.partition);
  }
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }

  void consume(Batch<KV<K, Acc>>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    as_step(step(), [&] {
      for (auto& e : batch) {
        if (e.window.max_timestamp() < wm_) {
          ++counters_.dropped_late;
          continue;
        }
        seen_any_ = true;
        Acc& acc = table_.at(e.value.key, e.window, [&] { return fn_.create_accumulator(); });
        fn_.merge_accumulators(acc, std::move(e.value.value));
      }
    });
  }
  void on_watermark(Timestamp wm) override {
    wm_ = wm;
    as_step(step(), [&] {
      table_.fire_before(wm, [&](const K& key, const Window& w, Acc&& acc) {
        buf_.push_back({KV<K, Out>{key, fn_.extract_output(acc)}, w.max_timestamp(), w,
                        on_time_pane()});
      });
    });
    emit();
  }
  void finish() override {
    if (emit_default_ && !seen_any_) {
      Window g = Window::global();
      as_step(step(), [&] {
        buf_.push_back({KV<K, Out>{default_key_, fn_.extract_output(fn_.create_accumulator())},
                        g.max_timestamp(), g, on_time_pane()});
      });
      emit();
    }
  }
  Timestamp hold() const override { return table_.hold(); }

 private:
  void emit() {
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
  }

  Fn fn_;
  K default_key_;
  bool emit_default_ = false;
  bool seen_any_ = false;
  KeyedWindows<K, Acc> table_;
  Timestamp wm_ = kMinTimestamp;
  Output<KV<K, Out>> out_;
  Batch<KV<K, Out>> buf_;
};

// Adds the lifted pair of steps Name/Partial and Name/Merge.
template <class K, class Fn>
PCollection<KV<K, typename Fn::OutputT>> add_lifted_combine(
    const PCollection<KV<K, typename Fn::InputT>>& in, const std::string& name, Fn fn,
    bool emit_default) {
  using Acc = typename Fn::AccumT;
  static_assert(check_shuffle_type<KV<K, Acc>>());
  StepScope scope(in.graph(), name);
  auto partial = add_step<KV<K, Acc>>(
      in, "Partial", "CombinePartial", NodeKind::kElementwise,
      [fn](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        return std::make_unique<PartialCombineOp<K, Fn>>(ctx.step, fn);
      },
      in.windowing());
  auto merged = add_step<KV<K, typename Fn::OutputT>>(
      partial, "Merge", "CombineMerge", NodeKind::kKeyed,
      [fn, emit_default](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        return std::make_unique<MergeCombineOp<K, Fn>>(ctx.step, fn, ctx, emit_default, K{});
      },
      in.windowing());
  return merged;
}

}  // namespace detail

template <class Fn>
struct CombinePerKey {
  std::string name;
  Fn fn;
  CombinePerKey(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>, "rill::CombinePerKey: the input must be a PCollection<rill::KV<K, V>>");
    using K = typename is_kv<T>::key_type;
    static_assert(check_combine_fn<Fn, typename is_kv<T>::value_type>());
    return detail::add_lifted_combine<K, Fn>(in, name, fn, false);
  }
};

// Combines all elements (per window) into one value. In the global window an empty input
// gives extract_output(create_accumulator()), as in Beam.
template <class Fn>
struct CombineGlobally {
  std::string name;
  Fn fn;
  CombineGlobally(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(check_combine_fn<Fn, T>());
    StepScope scope(in.graph(), name);
    auto keyed = in | Map("KeyByUnit", [](T x) { return KV<uint8_t, T>{0, std::move(x)}; });
    auto combined = detail::add_lifted_combine<uint8_t, Fn>(keyed, "Combine", fn, true);
    return combined |
           Map("Unkey", [](KV<uint8_t, typename Fn::OutputT> kv) { return std::move(kv.value); });
  }
};

}  // namespace rill
