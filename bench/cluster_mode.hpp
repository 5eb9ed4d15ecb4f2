#pragma once
// rill-bench across processes (--processes=P): the same workload once in one process with one
// worker thread, then on a local cluster of P worker processes with one worker thread each
// (rill-bench re-executes itself as the workers; this process coordinates). Prints one JSON
// line with both rates and the scaling ratio. The result digest is gathered by the sinks,
// which then live in the workers, so this mode checks no digest: the cluster tests check
// that a cluster's output equals one process's.
#include "actors/node_settings.hpp"
#include "bench/args.hpp"
#include "bench/workloads.hpp"
#include "graph/pipeline.hpp"

namespace rill::bench {

// The node settings every pipeline of this process runs with (local unless set).
void set_bench_node(const NodeSettings& node);
const NodeSettings& bench_node();
PipelineResult run_bench_pipeline(Pipeline& p);

// The --processes=P driver; argv is this program's command line (re-used for the workers).
// `make` builds the workload for given arguments (options differ between the two runs).
int run_multi_process(const BenchArgs& a, const std::function<Workload(const BenchArgs&)>& make,
                      int argc, char** argv);

}  // namespace rill::bench
