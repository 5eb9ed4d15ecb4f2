#pragma once
// Collect: a sink that keeps every element (with its timestamp, window and pane) in memory,
// for tests and small results. Read it after run().
//   auto out = pc | rill::io::Collect("Out");
//   p.run();
//   out->values();  // in arrival order, which depends on parallelism: compare sorted
#include <memory>
#include <vector>

#include "graph/pcollection.hpp"
#include "io/sink_shares.hpp"

namespace rill::io {

namespace detail {
// Collect keeps the elements themselves: moved out of the batch.
template <class T>
struct MoveInto {
  void operator()(Batch<T>& batch, std::vector<WindowedValue<T>>& items) const {
    for (auto& e : batch) items.push_back(std::move(e));
  }
};
}  // namespace detail

// What the partitions of a Collect sink received, kept per partition so that a checkpoint
// restore can set one partition's share back (exactly once across restarts; the lifetime of
// a share: detail::ShareSinkOp).
template <class T>
class Collected : public detail::PartitionShares<WindowedValue<T>> {
 public:
  void append(int partition, Batch<T>& batch) {
    this->update(partition, [&](std::vector<WindowedValue<T>>& items) {
      detail::MoveInto<T>{}(batch, items);
    });
  }
  std::vector<WindowedValue<T>> elements() const { return this->all(); }
  std::vector<T> values() const {
    std::lock_guard lock(this->mu_);
    std::vector<T> out;
    for (const auto& p : this->parts_)
      for (const auto& e : p) out.push_back(e.value);
    return out;
  }
};

struct Collect {
  std::string name;
  explicit Collect(std::string n) : name(std::move(n)) {}

  template <class T>
  std::shared_ptr<Collected<T>> expand(const PCollection<T>& in) {
    auto store = std::make_shared<Collected<T>>();
    in.graph().add_node(detail::share_sink_node<T, WindowedValue<T>>(in, name, "Collect", store,
                                                                     detail::MoveInto<T>{}));
    return store;
  }
};

}  // namespace rill::io
