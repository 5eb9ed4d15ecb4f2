#pragma once
// GroupIntoBatches (Beam's GroupIntoBatches.ofSize): KV<K, V> -> KV<K, std::vector<V>>, the
// values of each key and window in batches of batch_size, for calls to a service that takes
// many at once.
//   auto batches = requests | rill::GroupIntoBatches("Batch", 100);
//   auto timely = requests | rill::GroupIntoBatches("Batch", 100).with_max_buffering_duration(500);
//   auto typed = requests | rill::GroupIntoBatches<std::string, Request>("Batch", 100);
// A batch is emitted once it holds batch_size values (stamped with the time of the value that
// filled it), at the end of its window (the rest, stamped with the window's max timestamp),
// and, with with_max_buffering_duration(ms), once its first value has waited that long in
// processing time (stamped with the input watermark). A stateful DoFn: per key and window a bag of
// values and their count (checkpointed as its state), an event-time timer at the window's end
// and a processing-time timer for the buffering, both set when a batch starts and cleared
// when it is emitted.
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "graph/transforms/pardo.hpp"

namespace rill {
namespace detail {

template <class K, class V>
struct BatchFn : StatefulDoFn<K, V, KV<K, std::vector<V>>> {
  using Out = KV<K, std::vector<V>>;
  size_t batch_size = 1;
  Duration max_buffering = 0;  // 0: none

  struct State {
    BagState<V> batch;
    ValueState<int64_t> count;
    template <class A>
    void serialize(A& ar) {
      ar(batch, count);
    }
  };

  void process(const KV<K, V>& e, Emitter<Out>& out, State& st, Timers& timers) {
    const int64_t n = st.count.read_or(0);
    if (n == 0) {
      timers.set(kEndOfWindow, out.window().max_timestamp());
      if (max_buffering > 0)
        timers.set(kBuffering, wall_ms() + max_buffering, TimeDomain::kProcessingTime);
    }
    st.batch.add(e.value);
    st.count.write(n + 1);
    if (static_cast<size_t>(n + 1) >= batch_size) emit(e.key, out, st, timers);
  }

  void on_timer(const TimerFiring<K>& t, Emitter<Out>& out, State& st, Timers& timers) {
    emit(t.key, out, st, timers);
  }

 private:
  static constexpr const char* kEndOfWindow = "end-of-window";
  static constexpr const char* kBuffering = "buffering";

  static Timestamp wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  // Emits the batch and forgets it: with its cells empty and no timer set, the runtime drops
  // the key's entry until its next value.
  void emit(const K& key, Emitter<Out>& out, State& st, Timers& timers) {
    if (!st.batch.empty()) out.emit(Out{key, st.batch.read()});
    st.batch.clear();
    st.count.clear();
    timers.clear(kEndOfWindow);
    timers.clear(kBuffering);
  }
};

}  // namespace detail

// GroupIntoBatches("Name", n) takes its key and value types from its input;
// GroupIntoBatches<K, V>("Name", n) also checks them.
template <class K = void, class V = void>
struct GroupIntoBatches {
  std::string name;
  size_t batch_size;
  Duration max_buffering = 0;
  GroupIntoBatches(std::string n, size_t size) : name(std::move(n)), batch_size(size) {
    if (batch_size == 0)
      throw std::invalid_argument("rill::GroupIntoBatches '" + name + "': batch size must be > 0");
  }
  // Beam's withMaxBufferingDuration: a batch waits at most `ms` of processing time.
  GroupIntoBatches with_max_buffering_duration(Duration ms) const {
    if (ms <= 0)
      throw std::invalid_argument("rill::GroupIntoBatches '" + name +
                                  "': the buffering duration must be > 0 ms");
    GroupIntoBatches g = *this;
    g.max_buffering = ms;
    return g;
  }

  template <class T>
  auto expand(const PCollection<T>& in) {
    constexpr bool ok = [] {
      if constexpr (std::is_void_v<K>)
        return is_kv_v<T>;
      else
        return std::is_same_v<T, KV<K, V>>;
    }();
    static_assert(ok,
                  "rill::GroupIntoBatches: the input must be a PCollection<rill::KV<K, V>> (of "
                  "the K and V given as GroupIntoBatches<K, V>)");
    if constexpr (ok) {
      using Fn = detail::BatchFn<typename is_kv<T>::key_type, typename is_kv<T>::value_type>;
      Fn fn;
      fn.batch_size = batch_size;
      fn.max_buffering = max_buffering;
      return in | ParDo(name, fn);
    } else {
      return detail::wiring_error(in);
    }
  }
};

}  // namespace rill
