#pragma once
// What a fault plan can name in a planned job (testing::FaultTargets), and the plan a run
// uses: the seed fixed, `random:` drawn, names checked against the job.
#include "graph/execution_plan.hpp"
#include "graph/testing/fault_plan.hpp"

namespace rill {

// Steps, and the edges between stages as (producing step -> consuming step), one per
// channel edge; `workers`: processes running partitions (0: one process).
testing::FaultTargets fault_targets(const GraphDef& g, const ExecutionPlan& plan, int workers);

// The plan `options.faults` resolved for this job; throws std::invalid_argument naming a
// fault that does not fit it (a step it lacks, a worker it does not have).
testing::FaultPlan resolve_faults(const GraphDef& g, const ExecutionPlan& plan,
                                  const PipelineOptions& options, int workers);

}  // namespace rill
