// The coders and edge writers of the prebuilt element types (graph/prebuilt_type_ops.hpp).
#include "exec/edge_writer.hpp"
#include "graph/type_ops.hpp"

namespace rill::prebuilt {

#define RILL_DEFINE_PREBUILT_TYPE_OPS(T)                           \
  std::shared_ptr<const TypeOps> type_ops(std::type_identity<T>) { \
    return compiled_type_ops<T>();                                 \
  }
RILL_PREBUILT_ELEMENTS(RILL_DEFINE_PREBUILT_TYPE_OPS)

}  // namespace rill::prebuilt
