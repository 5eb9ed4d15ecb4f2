#pragma once
// Sample (Beam's Sample.fixedSizeGlobally / fixedSizePerKey / any).
//   auto some = events | rill::Sample::FixedSizeGlobally("Some", 100);  // PCollection<vector<T>>
//   auto per = kvs | rill::Sample::FixedSizePerKey("PerUser", 10);      // KV<K, vector<V>>
//   auto any = events | rill::Sample::Any("Any", 10);                   // PCollection<T>
// FixedSize*: per window (and key), a uniform random sample of n elements without
// replacement (all of them when there are fewer), in random order. As in Beam, each element
// gets a random 64-bit key and the sample is the n greatest keys (Top): the accumulator is a
// heap of at most n, merged exactly across partitions, so the sample is uniform however the
// input is split. Each partition draws from its own generator: seeded from
// std::random_device, or with with_seed(s) from s and the partition (the same input split
// the same way then gives the same sample). An empty input in the global window gives an
// empty vector (globally).
// Any: up to n elements of each window, whichever come first: cheap, not random.
#include <cstdint>
#include <random>
#include <vector>

#include "graph/transforms/top.hpp"

namespace rill {

namespace detail {

// A splitmix64 stream: small to copy into each partition, and good enough for sampling.
struct SampleRandom {
  uint64_t state = 0;
  uint64_t next() { return mix64(state += 0x9E3779B97F4A7C15ULL); }
  void seed(std::optional<uint64_t> seed, int partition) {
    if (seed) {
      state = mix64(*seed ^ mix64(static_cast<uint64_t>(partition) + 1));
    } else {
      std::random_device rd;
      state = (static_cast<uint64_t>(rd()) << 32) ^ rd();
    }
  }
};

template <class T>
struct RandomKeyFn : DoFn<T, KV<uint64_t, T>> {
  SampleRandom random;
  void process(T&& x, Emitter<KV<uint64_t, T>>& out) { out.emit({random.next(), std::move(x)}); }
};

template <class K, class V>
struct RandomKeyValueFn : DoFn<KV<K, V>, KV<K, KV<uint64_t, V>>> {
  SampleRandom random;
  void process(KV<K, V>&& kv, Emitter<KV<K, KV<uint64_t, V>>>& out) {
    out.emit({std::move(kv.key), {random.next(), std::move(kv.value)}});
  }
};

struct ByRandomKey {
  template <class V>
  bool operator()(const KV<uint64_t, V>& a, const KV<uint64_t, V>& b) const {
    return a.key < b.key;
  }
};

template <class V>
std::vector<V> drop_random_keys(std::vector<KV<uint64_t, V>>&& keyed) {
  std::vector<V> out;
  out.reserve(keyed.size());
  for (auto& kv : keyed) out.push_back(std::move(kv.value));
  return out;
}

template <class Fn, class T>
auto add_random_keys(const PCollection<T>& in, Fn fn, std::optional<uint64_t> seed) {
  return add_pardo_per_partition(
      in, "RandomKey", "ParDo", std::move(fn),
      [seed](Fn& f, const OpContext& ctx) { f.random.seed(seed, ctx.partition); }, in.windowing());
}

}  // namespace detail

namespace combine {
// The first n inputs it sees (and merges): Sample::Any.
template <class T>
struct FirstN {
  using InputT = T;
  using AccumT = std::vector<T>;
  using OutputT = std::vector<T>;
  size_t n;
  AccumT create_accumulator() const { return {}; }
  void add_input(AccumT& acc, const T& x) const {
    if (acc.size() < n) acc.push_back(x);
  }
  void merge_accumulators(AccumT& acc, AccumT&& o) const {
    for (auto& x : o) {
      if (acc.size() >= n) break;
      acc.push_back(std::move(x));
    }
  }
  OutputT extract_output(const AccumT& acc) const { return acc; }
};
}  // namespace combine

namespace Sample {

struct FixedSizeGlobally {
  std::string name;
  size_t n;
  std::optional<uint64_t> seed;
  FixedSizeGlobally(std::string nm, size_t count) : name(std::move(nm)), n(count) {}
  FixedSizeGlobally with_seed(uint64_t s) const {
    FixedSizeGlobally c = *this;
    c.seed = s;
    return c;
  }

  template <class T>
  auto expand(const PCollection<T>& in) {
    StepScope scope(in.graph(), name);
    using Keyed = KV<uint64_t, T>;
    return detail::add_random_keys(in, detail::RandomKeyFn<T>{}, seed) |
           CombineGlobally("Top", combine::TopN<Keyed, detail::ByRandomKey>{n, {}}) |
           Map("Values",
               [](std::vector<Keyed> v) { return detail::drop_random_keys(std::move(v)); });
  }
};

struct FixedSizePerKey {
  std::string name;
  size_t n;
  std::optional<uint64_t> seed;
  FixedSizePerKey(std::string nm, size_t count) : name(std::move(nm)), n(count) {}
  FixedSizePerKey with_seed(uint64_t s) const {
    FixedSizePerKey c = *this;
    c.seed = s;
    return c;
  }

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>,
                  "rill::Sample::FixedSizePerKey: the input must be a PCollection<rill::KV<K, V>>");
    if constexpr (is_kv_v<T>) {
      using K = typename is_kv<T>::key_type;
      using V = typename is_kv<T>::value_type;
      using Keyed = KV<uint64_t, V>;
      StepScope scope(in.graph(), name);
      return detail::add_random_keys(in, detail::RandomKeyValueFn<K, V>{}, seed) |
             CombinePerKey("Top", combine::TopN<Keyed, detail::ByRandomKey>{n, {}}) |
             Map("Values", [](KV<K, std::vector<Keyed>> kv) {
               return KV<K, std::vector<V>>{std::move(kv.key),
                                            detail::drop_random_keys(std::move(kv.value))};
             });
    } else {
      return detail::wiring_error(in);
    }
  }
};

struct Any {
  std::string name;
  size_t n;
  Any(std::string nm, size_t count) : name(std::move(nm)), n(count) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    StepScope scope(in.graph(), name);
    return in | CombineGlobally("FirstN", combine::FirstN<T>{n}).without_defaults() |
           FlatMap("Elements", [](std::vector<T> v) { return v; });
  }
};

}  // namespace Sample
}  // namespace rill
