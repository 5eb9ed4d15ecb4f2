// The definitions of the prebuilt groups (graph/transforms/prebuilt_ops.hpp).
#include "graph/transforms/prebuilt_ops.hpp"

#define RILL_DEFINE_GROUP(K, V) RILL_GROUP_OPS(, K, V)
RILL_PREBUILT_GROUPS(RILL_DEFINE_GROUP)
