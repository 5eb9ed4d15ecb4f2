#pragma once
// State cells for stateful DoFns. A DoFn declares its per-key-and-window state as a plain
// struct of cells; the runtime keeps one such struct per (key, window), creates it on the
// first element of that key in that window and destroys it when the window expires, or
// earlier, as soon as every cell is empty and no timer is set (state_is_empty.hpp): an empty
// cell reads the same as a fresh one, so a key that holds nothing costs nothing.
//   struct State {
//     rill::ValueState<int64_t> count;
//     rill::BagState<std::string> pending;
//     template <class A> void serialize(A& ar) { ar(count, pending); }
//   };
#include <cereal/types/optional.hpp>
#include <cereal/types/unordered_map.hpp>
#include <cereal/types/unordered_set.hpp>
#include <cereal/types/vector.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graph/coder.hpp"

namespace rill {

template <class T>
class ValueState {
 public:
  static constexpr bool kStateCell = true;  // see state_is_empty.hpp
  const std::optional<T>& read() const { return v_; }
  T read_or(T fallback) const { return v_ ? *v_ : std::move(fallback); }
  void write(T v) { v_ = std::move(v); }
  void clear() { v_.reset(); }
  bool empty() const { return !v_; }
  template <class A>
  void serialize(A& ar) {
    ar(v_);
  }

 private:
  std::optional<T> v_;
};

template <class T>
class BagState {
 public:
  static constexpr bool kStateCell = true;  // see state_is_empty.hpp
  void add(T v) { items_.push_back(std::move(v)); }
  const std::vector<T>& read() const { return items_; }
  bool empty() const { return items_.empty(); }
  void clear() { items_.clear(); }
  template <class A>
  void serialize(A& ar) {
    ar(items_);
  }

 private:
  std::vector<T> items_;
};

// Folds inputs into an accumulator with a CombineFn (see graph/transforms/combine_fn.hpp).
// Empty until the first add() and again after clear(): then read() is the output of a fresh
// accumulator, whatever the CombineFn (accumulators need not be comparable).
template <class Fn>
class CombiningState {
 public:
  static constexpr bool kStateCell = true;  // see state_is_empty.hpp
  // Not explicit: a DoFn's state is a tuple of cells, and a tuple's members are
  // copy-list-initialised from {}.
  CombiningState() : CombiningState(Fn{}) {}
  explicit CombiningState(Fn fn) : fn_(std::move(fn)), acc_(fn_.create_accumulator()) {}
  void add(const typename Fn::InputT& x) {
    fn_.add_input(acc_, x);
    empty_ = false;
  }
  typename Fn::OutputT read() const { return fn_.extract_output(acc_); }
  void clear() {
    acc_ = fn_.create_accumulator();
    empty_ = true;
  }
  bool empty() const { return empty_; }
  template <class A>
  void serialize(A& ar) {
    ar(acc_, empty_);
  }

 private:
  Fn fn_;
  typename Fn::AccumT acc_;
  bool empty_ = true;
};

template <class K, class V>
class MapState {
 public:
  static constexpr bool kStateCell = true;  // see state_is_empty.hpp
  void put(K k, V v) { m_.insert_or_assign(std::move(k), std::move(v)); }
  const V* get(const K& k) const {
    auto it = m_.find(k);
    return it == m_.end() ? nullptr : &it->second;
  }
  bool contains(const K& k) const { return m_.count(k) > 0; }
  void remove(const K& k) { m_.erase(k); }
  const std::unordered_map<K, V, KeyHash<K>>& entries() const { return m_; }
  void clear() { m_.clear(); }
  bool empty() const { return m_.empty(); }
  template <class A>
  void serialize(A& ar) {
    ar(m_);
  }

 private:
  std::unordered_map<K, V, KeyHash<K>> m_;
};

template <class T>
class SetState {
 public:
  static constexpr bool kStateCell = true;                  // see state_is_empty.hpp
  bool add(T v) { return s_.insert(std::move(v)).second; }  // false when already present
  bool contains(const T& v) const { return s_.count(v) > 0; }
  void remove(const T& v) { s_.erase(v); }
  const std::unordered_set<T, KeyHash<T>>& read() const { return s_; }
  size_t size() const { return s_.size(); }
  void clear() { s_.clear(); }
  bool empty() const { return s_.empty(); }
  template <class A>
  void serialize(A& ar) {
    ar(s_);
  }

 private:
  std::unordered_set<T, KeyHash<T>> s_;
};

}  // namespace rill
