#pragma once
// CombinePerKey and CombineGlobally. "Name/Partial" runs fused with the producer and turns
// inputs into accumulators; after the hash shuffle, "Name/Merge" merges them per key and
// window and extracts the output when a pane fires.
//
// Combiner lifting: when every window fires once, on time (the default trigger, no allowed
// lateness, non-merging windows, end-of-window output times), the partial step folds many
// inputs into one accumulator per key and window before the shuffle. Beam's runners lift
// only under similar conditions: with data-driven triggers, lateness or element timestamps,
// pre-combining would change what fires and when. Otherwise every input becomes its own
// accumulator, keeping its timestamp.
#include <cstdint>
#include <type_traits>

#include "graph/kv.hpp"
#include "graph/pcollection.hpp"
#include "graph/transforms/combine_fn.hpp"
#include "graph/transforms/do_fn.hpp"
#include "graph/transforms/elementwise.hpp"
#include "graph/transforms/keyed_window_op.hpp"
#include "graph/transforms/window_table.hpp"

namespace rill {
namespace detail {

inline bool can_lift(const WindowingStrategy* s) {
  return fires_once_on_time(s);
}

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
  WindowTable<K, Acc> table_;
  Output<KV<K, Acc>> out_;
  Batch<KV<K, Acc>> buf_;
};

// Merging partial accumulators per key and window.
template <class K, class Fn>
struct MergeAccumulatorsPolicy {
  Fn fn;
  using Value = KV<K, typename Fn::AccumT>;
  using Acc = typename Fn::AccumT;
  Acc empty() const { return fn.create_accumulator(); }
  void add(Acc& acc, Value&& kv) const { fn.merge_accumulators(acc, std::move(kv.value)); }
  void merge(Acc& into, Acc&& from) const { fn.merge_accumulators(into, std::move(from)); }
};

template <class Fn>
struct ExtractOutput {
  Fn fn;
  typename Fn::OutputT operator()(const typename Fn::AccumT& acc) const {
    return fn.extract_output(acc);
  }
};

// Adds the pair of steps Name/Partial and Name/Merge.
template <class K, class Fn>
PCollection<KV<K, typename Fn::OutputT>> add_combine(
    const PCollection<KV<K, typename Fn::InputT>>& in, const std::string& name, Fn fn) {
  using Acc = typename Fn::AccumT;
  using Out = typename Fn::OutputT;
  static_assert(check_shuffle_type<KV<K, Acc>>());
  StepScope scope(in.graph(), name);
  const bool lift = can_lift(in.windowing().get());
  auto partial = add_step<KV<K, Acc>>(
      in, "Partial", lift ? "CombinePartial" : "CombineInputs", NodeKind::kElementwise,
      [fn, lift](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        return std::make_unique<PartialCombineOp<K, Fn>>(ctx.step, fn, lift);
      },
      in.windowing());
  return add_step<KV<K, Out>>(
      partial, "Merge", "CombineMerge", NodeKind::kKeyed,
      [fn, s = in.windowing()](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        return make_keyed_window_op<K, MergeAccumulatorsPolicy<K, Fn>, Out>(
            ctx.step, s, MergeAccumulatorsPolicy<K, Fn>{fn}, ExtractOutput<Fn>{fn});
      },
      in.windowing());
}

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

}  // namespace detail

template <class Fn>
struct CombinePerKey {
  std::string name;
  Fn fn;
  CombinePerKey(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>,
                  "rill::CombinePerKey: the input must be a PCollection<rill::KV<K, V>>");
    using K = typename is_kv<T>::key_type;
    static_assert(check_combine_fn<Fn, typename is_kv<T>::value_type>());
    return detail::add_combine<K, Fn>(in, name, fn);
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
    using Out = typename Fn::OutputT;
    StepScope scope(in.graph(), name);
    auto keyed = in | Map("KeyByUnit", [](T x) { return KV<uint8_t, T>{0, std::move(x)}; });
    auto combined = detail::add_combine<uint8_t, Fn>(keyed, "Combine", fn);
    const WindowingStrategy* s = in.windowing().get();
    if (s == nullptr || s->window_fn.get_if<GlobalWindows>() != nullptr) {
      combined = add_step<KV<uint8_t, Out>>(
          combined, "Default", "CombineDefault", NodeKind::kElementwise,
          [fn = fn](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
            return std::make_unique<detail::GlobalDefaultOp<Fn>>(ctx, fn);
          },
          in.windowing());
    }
    return combined | Map("Unkey", [](KV<uint8_t, Out> kv) { return std::move(kv.value); });
  }
};

}  // namespace rill
