#pragma once
// The seam between a stage's operators and the runtime that moves batches: edge writers
// hand finished batches to a ChannelSink, which the actor layer implements with credits.
#include "graph/any_batch.hpp"

namespace rill {

class ChannelSink {
 public:
  virtual ~ChannelSink() = default;
  // Queue `batch` for receiver partition `dest` of output edge `edge`.
  virtual void send(int edge, int dest, BatchPtr batch) = 0;
};

}  // namespace rill
