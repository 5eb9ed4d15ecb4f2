#pragma once
// GroupByKey: KV<K, V> -> KV<K, std::vector<V>>, per key and window. Runs on the keyed
// partitions after a hash shuffle on the key.
#include <vector>

#include "graph/kv.hpp"
#include "graph/pcollection.hpp"
#include "graph/transforms/keyed_windows.hpp"

namespace rill {
namespace detail {

template <class K, class V>
class GroupByKeyOp final : public OperatorBase, public Consumer<KV<K, V>> {
 public:
  using OperatorBase::OperatorBase;
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }

  void consume(Batch<KV<K, V>>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    for (auto& e : batch) {
      if (e.window.max_timestamp() < wm_) {  // its window has fired already
        ++counters_.dropped_late;
        continue;
      }
      state_.at(e.value.key, e.window, [] { return std::vector<V>{}; })
          .push_back(std::move(e.value.value));
    }
  }
  void on_watermark(Timestamp wm) override {
    wm_ = wm;
    state_.fire_before(wm, [&](const K& key, const Window& w, std::vector<V>&& values) {
      buf_.push_back({KV<K, std::vector<V>>{key, std::move(values)}, w.max_timestamp(), w,
                      on_time_pane()});
    });
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
  }
  Timestamp hold() const override { return state_.hold(); }

 private:
  KeyedWindows<K, std::vector<V>> state_;
  Timestamp wm_ = kMinTimestamp;
  Output<KV<K, std::vector<V>>> out_;
  Batch<KV<K, std::vector<V>>> buf_;
};

}  // namespace detail

struct GroupByKey {
  std::string name;
  explicit GroupByKey(std::string n) : name(std::move(n)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>,
                  "rill::GroupByKey: the input must be a PCollection<rill::KV<K, V>>");
    using K = typename is_kv<T>::key_type;
    using V = typename is_kv<T>::value_type;
    static_assert(check_shuffle_type<T>());
    auto factory = [](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return std::make_unique<detail::GroupByKeyOp<K, V>>(ctx.step);
    };
    return add_step<KV<K, std::vector<V>>>(in, name, "GroupByKey", NodeKind::kKeyed, factory,
                                           in.windowing());
  }
};

}  // namespace rill
