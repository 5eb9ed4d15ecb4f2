#pragma once
// rill in one include: the model (pipelines, collections, transforms: graph/rill.hpp) and the
// engine that runs its transforms (exec/operators.hpp). Connectors are in io/, the runner's
// entry points in actors/node_runner.hpp and graph/pipeline.hpp.
#include "exec/operators.hpp"
#include "graph/rill.hpp"
