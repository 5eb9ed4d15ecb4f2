#pragma once
// The element types whose coder and edge writer (TypeOps) rill has compiled (exec/
// prebuilt_type_ops.cpp, library rill::exec_prebuilt): type_ops_for<T>() returns them instead
// of compiling TypeOpsFor<T> in the program. Only declarations here: a program that never uses
// these types pays nothing for them. The lists change how long a build takes, never what runs.
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "graph/kv.hpp"

namespace rill {

class TypeOps;

namespace prebuilt {

// Names for the types with a comma, which a macro argument cannot hold.
using KvStringInt = KV<std::string, int64_t>;
using KvStringDouble = KV<std::string, double>;
using KvStringString = KV<std::string, std::string>;
using KvIntInt = KV<int64_t, int64_t>;
using KvIntDouble = KV<int64_t, double>;
using KvStringStrings = KV<std::string, std::vector<std::string>>;
using KvStringInts = KV<std::string, std::vector<int64_t>>;
using KvIntInts = KV<int64_t, std::vector<int64_t>>;

// X(T), one per type: the inputs, accumulators and outputs of the prebuilt combines and
// groupings (graph/transforms/prebuilt_ops.hpp) and the plain ones.
// clang-format off
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
// clang-format on

#define RILL_DECLARE_PREBUILT_TYPE_OPS(T) \
  std::shared_ptr<const TypeOps> type_ops(std::type_identity<T>);
RILL_PREBUILT_ELEMENTS(RILL_DECLARE_PREBUILT_TYPE_OPS)
#undef RILL_DECLARE_PREBUILT_TYPE_OPS

// Exactly T (type_identity<U> never converts to type_identity<T>); qualified, so that no
// function of a user's namespace is found by ADL.
template <class T>
concept HasTypeOps = requires {
  ::rill::prebuilt::type_ops(std::type_identity<T>{});
};

}  // namespace prebuilt
}  // namespace rill
