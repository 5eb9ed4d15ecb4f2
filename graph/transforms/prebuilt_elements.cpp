// The definitions of the prebuilt elements (graph/transforms/prebuilt_ops.hpp).
#include "graph/transforms/prebuilt_ops.hpp"

#define RILL_DEFINE_ELEMENT(T) RILL_ELEMENT_OPS(, T)
RILL_PREBUILT_ELEMENTS(RILL_DEFINE_ELEMENT)
