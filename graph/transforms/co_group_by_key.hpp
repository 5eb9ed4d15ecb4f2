#pragma once
// CoGroupByKey joins keyed collections on their key: per key and window, one list of values
// per input, in input order.
//   auto joined = std::tuple{orders, payments} | rill::CoGroupByKey("Join");
//   // PCollection<KV<K, std::tuple<std::vector<Order>, std::vector<Payment>>>>
// Built as Beam builds it: tag each input's values with its position (a variant), flatten,
// group by key, then split the grouped values back into one list per input.
#include <tuple>
#include <variant>
#include <vector>

#include "graph/transforms/elementwise.hpp"
#include "graph/transforms/flatten.hpp"
#include "graph/transforms/group_by_key.hpp"

namespace rill {

struct CoGroupByKey {
  std::string name;
  explicit CoGroupByKey(std::string n) : name(std::move(n)) {}

  template <class K, class... Vs>
  auto expand(const std::tuple<PCollection<KV<K, Vs>>...>& inputs) {
    static_assert(sizeof...(Vs) >= 2, "rill::CoGroupByKey: join two or more keyed collections");
    StepScope scope(std::get<0>(inputs).graph(), name);
    return tag_and_group<K, Vs...>(inputs, std::index_sequence_for<Vs...>{});
  }

 private:
  template <class K, class... Vs, size_t... I>
  auto tag_and_group(const std::tuple<PCollection<KV<K, Vs>>...>& inputs,
                     std::index_sequence<I...>) {
    using Tagged = std::variant<Vs...>;
    using Result = std::tuple<std::vector<Vs>...>;
    std::vector<PCollection<KV<K, Tagged>>> tagged{
        (std::get<I>(inputs) | Map("Tag" + std::to_string(I), [](KV<K, Vs> kv) {
           return KV<K, Tagged>{std::move(kv.key),
                                Tagged(std::in_place_index<I>, std::move(kv.value))};
         }))...};
    return tagged | Flatten("Flatten") | GroupByKey("Group") |
           Map("Split", [](KV<K, std::vector<Tagged>> kv) {
             Result r;
             for (auto& v : kv.value)
               ((v.index() == I ? (void)std::get<I>(r).push_back(std::get<I>(std::move(v)))
                                : (void)0),
                ...);
             return KV<K, Result>{std::move(kv.key), std::move(r)};
           });
  }
};

template <class... Ts, class Transform>
auto operator|(const std::tuple<PCollection<Ts>...>& inputs, Transform&& t)
    -> decltype(t.expand(inputs)) {
  return t.expand(inputs);
}

}  // namespace rill
