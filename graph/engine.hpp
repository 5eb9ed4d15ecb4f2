#pragma once
// The seam between the model and the execution engine. A transform (graph/transforms/) says
// which operator runs it by calling one of these factories from its step's OperatorFactory;
// exec/ defines them (exec/operators.hpp). They are templates over the user's types, so the
// program that builds a pipeline instantiates them: include "rill.hpp" (the model, the engine
// and the connectors), not only graph/ headers, or the link fails on these names.
// Layers: windowing <- graph <- exec <- actors; no header in graph/ includes exec/ (a graph/
// source file that builds steps, periodic_impulse.cpp, includes the engine as a program does).
// For the common types the factories are rill's own, compiled once: graph/prebuilt_type_ops.hpp
// and graph/transforms/prebuilt_ops.hpp.
#include <cstddef>
#include <memory>
#include <string>

#include "graph/channel_sink.hpp"
#include "graph/edge_kind.hpp"
#include "graph/job_status.hpp"
#include "graph/operator.hpp"

namespace rill {

struct WindowingStrategy;
class SideInputs;

// The last operator of a stage on each outgoing edge (exec/edge_writer.hpp).
struct EdgeWriterSpec {
  EdgeKind kind = EdgeKind::kForward;
  int edge = 0;          // index of the edge among the stage's outputs
  int num_dests = 1;     // partitions of the receiving stage
  int forward_dest = 0;  // for kForward: this partition's index
  size_t batch_size = 1024;
  size_t batch_bytes = 0;  // a batch is sent once it holds this many bytes (0: no limit)
  size_t recycled = 0;     // sent batches kept for reuse (see BatchRecycler); 0: none
  ChannelSink* sink = nullptr;
  // The edge feeds a keyed step (a hash edge, or a forward one at parallelism 1): its keys
  // are sampled for the hot-key report.
  bool keyed = false;
};

class AnyEdgeWriter {
 public:
  virtual ~AnyEdgeWriter() = default;
  virtual AnyConsumer* consumer() = 0;
  virtual void flush() = 0;
  // A hash edge: the keys it saw most (exec/hot_key_sketch.hpp), as HotKeys of `step`.
  virtual void hot_keys(const std::string& /*step*/, std::vector<HotKey>& /*out*/) const {}
};

namespace exec {

template <class T>
std::unique_ptr<AnyEdgeWriter> make_edge_writer(const EdgeWriterSpec& spec);

// Map/Filter/WithTimestamps that rewrite a batch in place: edit(Batch<T>&).
template <class T, class Edit>
std::unique_ptr<OperatorBase> make_in_place_op(const std::string& step, Edit edit);

// A DoFn (graph/transforms/do_fn.hpp), with its side inputs if any.
template <class Fn>
std::unique_ptr<OperatorBase> make_pardo_op(const std::string& step, Fn fn, size_t spill_at,
                                            std::unique_ptr<SideInputs> sides);

// A StatefulDoFn (graph/state/stateful_do_fn.hpp), on keyed partitions.
template <class Fn>
std::unique_ptr<OperatorBase> make_stateful_pardo_op(const std::string& step, Fn fn,
                                                     std::shared_ptr<const WindowingStrategy> s,
                                                     size_t spill_at);

template <class T>
std::unique_ptr<OperatorBase> make_window_into_op(const std::string& step,
                                                  std::shared_ptr<const WindowingStrategy> s);

// Flatten's and Reshuffle's pass-through.
template <class T>
std::unique_ptr<OperatorBase> make_pass_through_op(const std::string& step);

template <class T, class F>
std::unique_ptr<OperatorBase> make_partition_op(const std::string& step, F f, int n);

// The partial half of a CombinePerKey (before the shuffle); `lift`: fold inputs per key
// and window (combiner lifting).
template <class K, class Fn>
std::unique_ptr<OperatorBase> make_partial_combine_op(const std::string& step, Fn fn, bool lift);

// CombineGlobally's output for an empty input in the global window.
template <class Fn>
std::unique_ptr<OperatorBase> make_global_default_op(const OpContext& ctx, Fn fn);

// The keyed side of a shuffle (GroupByKey, the merge half of a combine): per key and window,
// `policy` accumulates values (Value, Acc, empty/add/merge) and `to_out` turns a pane's
// accumulator into the output value OutV. `late_output`: output port 1 carries the input
// elements dropped as late.
template <class K, class Policy, class OutV, class ToOut>
std::unique_ptr<OperatorBase> make_keyed_window_op(const std::string& step,
                                                   std::shared_ptr<const WindowingStrategy> s,
                                                   Policy policy, ToOut to_out, bool late_output);

}  // namespace exec
}  // namespace rill
