#pragma once
// The combines and groupings whose operators rill has compiled (exec/prebuilt_ops.cpp, library
// rill::exec_prebuilt): CombinePerKey and GroupByKey create these instead of compiling their
// operators (a partial combine and three keyed operators each) in the program; a word count
// compiles in half the time (bench/README, "Compile time"). Only declarations here. A step
// over other types compiles its own, as before: the lists change how long a build takes,
// never what runs.
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "graph/operator.hpp"
#include "graph/transforms/combine_fn.hpp"

namespace rill {

struct WindowingStrategy;

namespace prebuilt {

// clang-format off
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

// The type_identity arguments select exactly K and Fn (a CombineFn derived from Sum is not Sum);
// the concepts below call them qualified, so no function of a user's namespace is found (ADL).
#define RILL_DECLARE_PREBUILT_COMBINE(K, Fn)                                                      \
  std::unique_ptr<OperatorBase> partial_combine_op(std::type_identity<K>, std::type_identity<Fn>, \
                                                   const Fn& fn, const std::string& step,         \
                                                   bool lift);                                    \
  std::unique_ptr<OperatorBase> merge_combine_op(std::type_identity<K>, std::type_identity<Fn>,   \
                                                 const Fn& fn, const std::string& step,           \
                                                 std::shared_ptr<const WindowingStrategy> s);
#define RILL_DECLARE_PREBUILT_GROUP(K, V)                                    \
  std::unique_ptr<OperatorBase> group_by_key_op(                             \
      std::type_identity<K>, std::type_identity<V>, const std::string& step, \
      std::shared_ptr<const WindowingStrategy> s, bool late_output);
RILL_PREBUILT_COMBINES(RILL_DECLARE_PREBUILT_COMBINE)
RILL_PREBUILT_GROUPS(RILL_DECLARE_PREBUILT_GROUP)
#undef RILL_DECLARE_PREBUILT_COMBINE
#undef RILL_DECLARE_PREBUILT_GROUP

template <class K, class Fn>
concept HasCombine = requires(const Fn& fn) {
  ::rill::prebuilt::partial_combine_op(std::type_identity<K>{}, std::type_identity<Fn>{}, fn,
                                       std::string(), true);
};

template <class K, class V>
concept HasGroup = requires {
  ::rill::prebuilt::group_by_key_op(std::type_identity<K>{}, std::type_identity<V>{}, std::string(),
                                    std::shared_ptr<const WindowingStrategy>(), true);
};

}  // namespace prebuilt
}  // namespace rill
