// The operators of the prebuilt combines and groupings (graph/transforms/prebuilt_ops.hpp).
#include "graph/transforms/prebuilt_ops.hpp"

#include "exec/operators.hpp"
#include "graph/transforms/combine.hpp"
#include "graph/transforms/group_by_key.hpp"

namespace rill::prebuilt {

#define RILL_DEFINE_PREBUILT_COMBINE(K, Fn)                                                       \
  std::unique_ptr<OperatorBase> partial_combine_op(std::type_identity<K>, std::type_identity<Fn>, \
                                                   const Fn& fn, const std::string& step,         \
                                                   bool lift) {                                   \
    return exec::make_partial_combine_op<K, Fn>(step, fn, lift);                                  \
  }                                                                                               \
  std::unique_ptr<OperatorBase> merge_combine_op(std::type_identity<K>, std::type_identity<Fn>,   \
                                                 const Fn& fn, const std::string& step,           \
                                                 std::shared_ptr<const WindowingStrategy> s) {    \
    return exec::make_keyed_window_op<K, detail::MergeAccumulatorsPolicy<K, Fn>,                  \
                                      typename Fn::OutputT>(                                      \
        step, std::move(s), detail::MergeAccumulatorsPolicy<K, Fn>{fn},                           \
        detail::ExtractOutput<Fn>{fn}, /*late_output=*/false);                                    \
  }
RILL_PREBUILT_COMBINES(RILL_DEFINE_PREBUILT_COMBINE)

#define RILL_DEFINE_PREBUILT_GROUP(K, V)                                                           \
  std::unique_ptr<OperatorBase> group_by_key_op(                                                   \
      std::type_identity<K>, std::type_identity<V>, const std::string& step,                       \
      std::shared_ptr<const WindowingStrategy> s, bool late_output) {                              \
    return exec::make_keyed_window_op<K, detail::GroupValuesPolicy<K, V>, std::vector<V>>(         \
        step, std::move(s), detail::GroupValuesPolicy<K, V>{}, detail::TakeValues{}, late_output); \
  }
RILL_PREBUILT_GROUPS(RILL_DEFINE_PREBUILT_GROUP)

}  // namespace rill::prebuilt
