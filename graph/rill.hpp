#pragma once
// The model in one include: pipeline, collections and the core transforms.
#include "graph/kv.hpp"
#include "graph/pcollection.hpp"
#include "graph/pipeline.hpp"
#include "graph/transforms/combine.hpp"
#include "graph/transforms/composite.hpp"
#include "graph/transforms/count.hpp"
#include "graph/transforms/create.hpp"
#include "graph/transforms/do_fn.hpp"
#include "graph/transforms/elementwise.hpp"
#include "graph/transforms/flatten.hpp"
#include "graph/transforms/group_by_key.hpp"
#include "graph/transforms/partition.hpp"
