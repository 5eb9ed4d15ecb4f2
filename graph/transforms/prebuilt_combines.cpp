// The definitions of the prebuilt combines (graph/transforms/prebuilt_ops.hpp).
#include "graph/transforms/prebuilt_ops.hpp"

#define RILL_DEFINE_COMBINE(K, Fn) RILL_COMBINE_OPS(, K, Fn)
RILL_PREBUILT_COMBINES(RILL_DEFINE_COMBINE)
