#pragma once
// The engine's operators that the transforms' steps create, for the element types and combines
// most pipelines use, compiled once in rill (prebuilt_*.cpp, in rill::graph with the model: they
// need only windowing/) rather than in every program that uses them. A program sees them here
// (through graph/rill.hpp) as `extern template`; a word count compiles in about half the time
// (bench/README, "Compile time"). A program with other types compiles their operators itself,
// as before: the lists change how long a build takes, never what runs.
//
// Adding an entry: keep each list's keys distinct (the compiler refuses a type instantiated
// twice only when both are in one file). Each entry costs rill's build a few seconds.
#include <cstdint>
#include <string>
#include <vector>

#include "exec/combine_ops.hpp"
#include "exec/edge_writer.hpp"
#include "exec/keyed_window_op.hpp"
#include "graph/kv.hpp"
#include "graph/transforms/combine.hpp"
#include "graph/transforms/combine_fn.hpp"
#include "graph/transforms/group_by_key.hpp"
#include "graph/type_ops.hpp"

namespace rill::prebuilt {
// Names for the types with a comma, which a macro argument cannot hold.
using KvStringInt = KV<std::string, int64_t>;
using KvStringDouble = KV<std::string, double>;
using KvStringString = KV<std::string, std::string>;
using KvIntInt = KV<int64_t, int64_t>;
using KvIntDouble = KV<int64_t, double>;
using KvStringStrings = KV<std::string, std::vector<std::string>>;
using KvStringInts = KV<std::string, std::vector<int64_t>>;
using KvIntInts = KV<int64_t, std::vector<int64_t>>;
}  // namespace rill::prebuilt

// clang-format off
// X(T): the element types whose edges (EdgeWriter) and coders (TypeOpsFor) are prebuilt: the
// combines' and the groupings' inputs, accumulators and outputs below, and the plain ones.
#define RILL_PREBUILT_ELEMENTS(X)          \
  X(int64_t)                               \
  X(double)                                \
  X(std::string)                           \
  X(::rill::prebuilt::KvStringInt)         \
  X(::rill::prebuilt::KvStringDouble)      \
  X(::rill::prebuilt::KvStringString)      \
  X(::rill::prebuilt::KvIntInt)            \
  X(::rill::prebuilt::KvIntDouble)         \
  X(::rill::prebuilt::KvStringStrings)     \
  X(::rill::prebuilt::KvStringInts)        \
  X(::rill::prebuilt::KvIntInts)

// X(K, Fn): CombinePerKey(Fn) keyed by K (Count::PerElement is a Sum<int64_t> per element).
#define RILL_PREBUILT_COMBINES(X)                  \
  X(std::string, ::rill::combine::Sum<int64_t>)    \
  X(std::string, ::rill::combine::Sum<double>)     \
  X(int64_t, ::rill::combine::Sum<int64_t>)        \
  X(int64_t, ::rill::combine::Sum<double>)

// X(K, V): GroupByKey of KV<K, V>.
#define RILL_PREBUILT_GROUPS(X)  \
  X(std::string, std::string)    \
  X(std::string, int64_t)        \
  X(int64_t, int64_t)
// clang-format on

// `template class` (EXTERN empty: the definition, in prebuilt_*.cpp) or `extern template class`
// (EXTERN extern: here) for each operator of one entry.
// make_edge_writer too: a file that builds steps without the engine's headers (only
// graph/engine.hpp's declaration) links it, and an optimized TypeOpsFor inlines its own copy.
// (The parentheses keep `unique_ptr<...>::rill` from reading as one qualified name.)
#define RILL_ELEMENT_OPS(EXTERN, T)                                                          \
  EXTERN template class ::rill::EdgeWriter<T>;                                               \
  EXTERN template class ::rill::TypeOpsFor<T>;                                               \
  EXTERN template std::unique_ptr<::rill::AnyEdgeWriter>(::rill::exec::make_edge_writer<T>)( \
      const ::rill::EdgeWriterSpec&);

#define RILL_KEYED_OPS(EXTERN, K, P, OutV, ToOut)                          \
  EXTERN template class ::rill::detail::KeyedWindowOp<K, P, OutV, ToOut>;  \
  EXTERN template class ::rill::detail::OnTimeWindowOp<K, P, OutV, ToOut>; \
  EXTERN template class ::rill::detail::OnTimeSessionOp<K, P, OutV, ToOut>;

#define RILL_COMBINE_OPS(EXTERN, K, Fn)                                                      \
  EXTERN template class ::rill::exec::PartialCombineOp<K, Fn>;                               \
  RILL_KEYED_OPS(EXTERN, K, RILL_COMMA_LIST(::rill::detail::MergeAccumulatorsPolicy<K, Fn>), \
                 typename Fn::OutputT, ::rill::detail::ExtractOutput<Fn>)

#define RILL_GROUP_OPS(EXTERN, K, V)                                                  \
  RILL_KEYED_OPS(EXTERN, K, RILL_COMMA_LIST(::rill::detail::GroupValuesPolicy<K, V>), \
                 std::vector<V>, ::rill::detail::TakeValues)

// A type with a comma, passed on through one more macro.
#define RILL_COMMA_LIST(...) __VA_ARGS__

#define RILL_EXTERN_ELEMENT(T) RILL_ELEMENT_OPS(extern, T)
#define RILL_EXTERN_COMBINE(K, Fn) RILL_COMBINE_OPS(extern, K, Fn)
#define RILL_EXTERN_GROUP(K, V) RILL_GROUP_OPS(extern, K, V)
RILL_PREBUILT_ELEMENTS(RILL_EXTERN_ELEMENT)
RILL_PREBUILT_COMBINES(RILL_EXTERN_COMBINE)
RILL_PREBUILT_GROUPS(RILL_EXTERN_GROUP)
#undef RILL_EXTERN_ELEMENT
#undef RILL_EXTERN_COMBINE
#undef RILL_EXTERN_GROUP
