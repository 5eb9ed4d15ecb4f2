#pragma once
// Side inputs: a collection seen whole, per window, by every element of another step.
//   auto mean = rill::AsSingleton(means);               // -> const double&
//   auto refs = rill::AsList(reference_set);            // -> const std::vector<T>&
//   auto inv  = rill::AsDict(inventory);                // -> const std::unordered_map<K, V>&
//   orders | rill::Map("Enrich", [inv](const Order& o, const rill::SideInputs& side) {
//     return enrich(o, side[inv]);
//   }, inv);
// Window mapping (Beam's default): a main element in window w sees the side window that
// contains w's max timestamp (the global window when the side input is not windowed).
// Readiness: a main element waits until every side input's watermark has passed the end of
// its side window, i.e. until that side window is complete.
// Triggered side inputs (a side collection whose trigger is not the default, such as the
// global window with Repeatedly(AfterCount(1)): Beam's slowly updating side input): a side
// window is ready once its first element has come, and a main element sees what has come
// by the time it is processed, updated by each view's rule (View::update): a singleton is
// the latest element (each firing of the combine that makes it is one element: Beam's "the
// value from the latest trigger firing"); a dict keeps the latest value per key (each
// firing of a per-key combine is one element per key); a list or multimap keeps every
// element. (Pane indices cannot tell firings apart: a discarding global window's state is
// collected between firings, so its panes all count from 0.)
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "graph/coder.hpp"
#include "graph/consumer.hpp"
#include "graph/describe.hpp"
#include "graph/pcollection.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill {

// ---- Views: what a side input looks like to the function --------------------------------

// What a view needs of its collection. Not a PCollection: views are captured by the steps
// that read them, and a PCollection would keep its pipeline's graph alive from inside it.
struct CollectionRef {
  int id = -1;
  std::string name;
  std::shared_ptr<const WindowingStrategy> windowing;
  template <class T>
  static CollectionRef of(const PCollection<T>& pc) {
    return {pc.id(), pc.def().name, pc.windowing()};
  }
};

template <class T>
struct SingletonView {
  using Element = T;
  using Value = T;
  static constexpr const char* kind = "AsSingleton";
  CollectionRef pc;
  std::optional<T> default_value;
  // Triggered: the latest element replaces the value.
  static void update(std::vector<T>& held, T&& x) {
    held.clear();
    held.push_back(std::move(x));
  }
  Value materialize(std::vector<T>&& xs, const std::string& name) const {
    if (xs.size() == 1) return std::move(xs.front());
    if (xs.empty() && default_value) return *default_value;
    throw std::runtime_error("side input '" + name + "' (AsSingleton) has " +
                             std::to_string(xs.size()) +
                             " elements; it needs exactly one (or a default when empty)");
  }
};

template <class T>
struct ListView {
  using Element = T;
  using Value = std::vector<T>;
  static constexpr const char* kind = "AsList";
  CollectionRef pc;
  static void update(std::vector<T>& held, T&& x) { held.push_back(std::move(x)); }
  Value materialize(std::vector<T>&& xs, const std::string&) const { return std::move(xs); }
};

template <class K, class V>
struct DictView {
  using Element = KV<K, V>;
  using Value = std::unordered_map<K, V, KeyHash<K>>;
  static constexpr const char* kind = "AsDict";
  CollectionRef pc;
  // Triggered: the latest value of a key replaces its earlier one.
  static void update(std::vector<KV<K, V>>& held, KV<K, V>&& kv) {
    for (auto& h : held)
      if (h.key == kv.key) {
        h.value = std::move(kv.value);
        return;
      }
    held.push_back(std::move(kv));
  }
  Value materialize(std::vector<KV<K, V>>&& xs, const std::string& name) const {
    Value m;
    m.reserve(xs.size());
    for (auto& kv : xs)
      if (!m.emplace(kv.key, std::move(kv.value)).second)
        throw std::runtime_error("side input '" + name + "' (AsDict) has the key '" +
                                 describe(kv.key) + "' more than once");
    return m;
  }
};

template <class K, class V>
struct MultimapView {
  using Element = KV<K, V>;
  using Value = std::unordered_map<K, std::vector<V>, KeyHash<K>>;
  static constexpr const char* kind = "AsMultimap";
  CollectionRef pc;
  static void update(std::vector<KV<K, V>>& held, KV<K, V>&& kv) { held.push_back(std::move(kv)); }
  Value materialize(std::vector<KV<K, V>>&& xs, const std::string&) const {
    Value m;
    for (auto& kv : xs) m[kv.key].push_back(std::move(kv.value));
    return m;
  }
};

template <class T>
SingletonView<T> AsSingleton(const PCollection<T>& pc) {
  return {CollectionRef::of(pc), std::nullopt};
}
template <class T>
SingletonView<T> AsSingleton(const PCollection<T>& pc, T default_value) {
  return {CollectionRef::of(pc), std::move(default_value)};
}
template <class T>
ListView<T> AsList(const PCollection<T>& pc) {
  return {CollectionRef::of(pc)};
}
template <class T>
ListView<T> AsIter(const PCollection<T>& pc) {  // iterate the same materialized list
  return {CollectionRef::of(pc)};
}
template <class K, class V>
DictView<K, V> AsDict(const PCollection<KV<K, V>>& pc) {
  return {CollectionRef::of(pc)};
}
template <class K, class V>
MultimapView<K, V> AsMultimap(const PCollection<KV<K, V>>& pc) {
  return {CollectionRef::of(pc)};
}

template <class V>
concept SideInputView = requires(const V& v) {
  typename V::Element;
  typename V::Value;
  { v.pc.id } -> std::convertible_to<int>;
};

// ---- Runtime: one side input of one partition of the consuming step ---------------------

class AnySideInput {
 public:
  virtual ~AnySideInput() = default;
  virtual int collection() const = 0;
  virtual std::type_index view_type() const = 0;
  virtual AnyConsumer* consumer() = 0;
  virtual void on_watermark(Timestamp wm) = 0;
  // The side window for a main element's window is complete.
  virtual bool ready_for(const Window& main_window) const = 0;
  // Checkpoints: its watermark and the side elements of every window.
  virtual void snapshot(cereal::BinaryOutputArchive& ar) const = 0;
  virtual void restore(cereal::BinaryInputArchive& ar) = 0;
  // Why its elements cannot be checkpointed (no coder), or "".
  virtual std::string checkpoint_problem() const = 0;
  // Called after a batch of a triggered side input was taken in: a window may have become
  // ready, or changed, without a watermark advance.
  void on_update(std::function<void()> f) { on_update_ = std::move(f); }

 protected:
  std::function<void()> on_update_;
};

// Lifetime of its state: side elements are kept per side window as they arrive; once a main
// element asks for a ready window, they are materialized into the view's value (kept for
// the rest of the run, or, for a triggered side input, until the window's next element;
// side inputs are read-mostly and small by design). The elements stay too: they are what a
// checkpoint holds, and a restore materializes them again when asked.
template <class View>
class TypedSideInput final : public AnySideInput, public Consumer<typename View::Element> {
  using E = typename View::Element;

 public:
  explicit TypedSideInput(View view)
      : view_(std::move(view)),
        name_(view_.pc.name),
        strategy_(view_.pc.windowing),
        triggered_(strategy_ && strategy_->trigger.kind() != TriggerKind::kDefault) {}
  int collection() const override { return view_.pc.id; }
  std::type_index view_type() const override { return typeid(View); }
  AnyConsumer* consumer() override { return this; }
  void consume(Batch<E>& batch) override {
    if (!triggered_) {
      for (auto& e : batch) pending_[e.window].push_back(std::move(e.value));
      return;
    }
    for (auto& e : batch) {
      View::update(pending_[e.window], std::move(e.value));
      values_.erase(e.window);  // materialized again when next asked
    }
    if (!batch.empty() && on_update_) on_update_();
  }
  void on_watermark(Timestamp wm) override { wm_ = std::max(wm_, wm); }
  bool ready_for(const Window& main_window) const override {
    const Window w = side_window(main_window);
    if (wm_ > w.max_timestamp()) return true;
    return triggered_ && pending_.count(w) > 0;
  }
  const typename View::Value& value_for(const Window& main_window) {
    const Window w = side_window(main_window);
    auto it = values_.find(w);
    if (it == values_.end()) {
      std::vector<E> xs;
      if (auto p = pending_.find(w); p != pending_.end()) xs = p->second;
      it = values_.emplace(w, view_.materialize(std::move(xs), name_)).first;
    }
    return it->second;
  }
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    if constexpr (is_serializable_v<E>) {
      ar(wm_, pending_);
    } else {
      throw std::runtime_error(checkpoint_problem());
    }
  }
  std::string checkpoint_problem() const override {
    return is_serializable_v<E>
               ? ""
               : "side input '" + name_ + "' has no coder: the step cannot be checkpointed";
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    if constexpr (is_serializable_v<E>) {
      ar(wm_, pending_);
      values_.clear();
    }
  }

 private:
  Window side_window(const Window& main_window) const {
    if (!strategy_ || strategy_->window_fn.get_if<GlobalWindows>()) return Window::global();
    WindowList ws;
    strategy_->window_fn.assign(main_window.max_timestamp(), ws);
    return ws.empty() ? Window::global() : ws.front();
  }

  View view_;
  std::string name_;
  std::shared_ptr<const WindowingStrategy> strategy_;
  Timestamp wm_ = kMinTimestamp;
  const bool triggered_;
  std::map<Window, std::vector<E>> pending_;  // by side window, as they arrived
  std::map<Window, typename View::Value> values_;
};

// What a function with side inputs receives: side[view] is the view's value in the window of
// the element being processed.
class SideInputs {
 public:
  explicit SideInputs(std::vector<std::unique_ptr<AnySideInput>> inputs)
      : inputs_(std::move(inputs)) {}

  template <SideInputView View>
  const typename View::Value& operator[](const View& view) const {
    for (auto& in : inputs_)
      if (in->collection() == view.pc.id && in->view_type() == typeid(View))
        return static_cast<TypedSideInput<View>&>(*in).value_for(*window_);
    throw std::logic_error("rill: this side input was not given to the step that reads it");
  }

  // --- runtime side ---
  void set_window(const Window& w) { window_ = &w; }
  size_t size() const { return inputs_.size(); }
  AnySideInput& at(size_t i) { return *inputs_[i]; }
  void on_update(const std::function<void()>& f) {
    for (auto& in : inputs_) in->on_update(f);
  }
  bool ready_for(const Window& w) const {
    for (auto& in : inputs_)
      if (!in->ready_for(w)) return false;
    return true;
  }
  void snapshot(cereal::BinaryOutputArchive& ar) const {
    for (const auto& in : inputs_) in->snapshot(ar);
  }
  std::string checkpoint_problem() const {
    for (const auto& in : inputs_)
      if (std::string why = in->checkpoint_problem(); !why.empty()) return why;
    return {};
  }
  void restore(cereal::BinaryInputArchive& ar) {
    for (auto& in : inputs_) in->restore(ar);
  }

 private:
  std::vector<std::unique_ptr<AnySideInput>> inputs_;
  const Window* window_ = nullptr;
};

}  // namespace rill
