#pragma once
// Every operator the model's transforms name (graph/engine.hpp declares their factories): a
// program that builds pipelines includes this (through "rill.hpp") so that the factories of
// its element types are instantiated.
#include "exec/combine_ops.hpp"
#include "exec/edge_writer.hpp"
#include "exec/in_place_op.hpp"
#include "exec/keyed_window_op.hpp"
#include "exec/pardo_op.hpp"
#include "exec/partition_op.hpp"
#include "exec/pass_through_op.hpp"
#include "exec/stateful_pardo_op.hpp"
#include "exec/window_into_op.hpp"
