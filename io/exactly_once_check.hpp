#pragma once
// ExactlyOnceCheck: a sink for tests of pipelines whose elements carry unique ids. It keeps
// each element's id (a uint64_t, not the element) and, after run(), says which expected ids
// never came (lost), which came more than once (duplicated) and which it did not expect.
//   auto check = events | rill::io::ExactlyOnceCheck<Event>("Check", [](const Event& e) {
//                           return e.id; }).expect_range(0, 10'000);
//   p.run();
//   CHECK_MESSAGE(check->ok(), check->report());
// Exactly once across restarts as io::Collect is: the ids are kept per partition, snapshotted
// with each checkpoint and set back by a restore (lifetime: detail::ShareSinkOp), so a job
// that recovers correctly reports lost 0, duplicated 0.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "graph/pcollection.hpp"
#include "io/sink_shares.hpp"

namespace rill::io {

// A set of ids, kept as sorted disjoint ranges (a range of a million ids costs one entry).
class IdSet {
 public:
  // [lo, hi); lo > hi throws std::invalid_argument.
  IdSet& add_range(uint64_t lo, uint64_t hi);
  IdSet& add(const std::vector<uint64_t>& ids);
  bool contains(uint64_t id) const;
  uint64_t size() const;
  // Closed ranges [first, last], sorted, disjoint and not adjacent.
  const std::vector<std::pair<uint64_t, uint64_t>>& ranges() const { return ranges_; }

 private:
  void normalize();
  std::vector<std::pair<uint64_t, uint64_t>> ranges_;
};

// What one check counted. seen = (expected - lost) + duplicated + unexpected.
struct ExactlyOnceTally {
  static constexpr size_t kExamples = 5;  // ids kept of each kind: the smallest

  std::string name;
  bool expectation = false;  // false: any id may come, only duplicates count
  uint64_t expected = 0;     // distinct ids expected
  uint64_t seen = 0;         // elements received
  uint64_t lost = 0;         // expected ids never seen
  uint64_t duplicated = 0;   // copies of an (expected) id beyond its first
  uint64_t unexpected = 0;   // elements (every copy) whose id is outside the expected set
  std::vector<uint64_t> lost_examples, duplicated_examples, unexpected_examples;

  bool ok() const { return lost == 0 && duplicated == 0 && unexpected == 0; }
  // One line: "exactly-once check 'Check': 10000 expected, 10000 seen, lost 0, duplicated 0",
  // with ", unexpected N" when there are any and a few ids of each kind found: "(e.g. 7, 9)".
  std::string report() const;
};

// Counts `ids` (in any order) against `expected` (nullptr: any id may come).
ExactlyOnceTally tally_ids(std::string name, const IdSet* expected, std::vector<uint64_t> ids);

// The handle of an ExactlyOnceCheck: the ids its partitions received, read after run(). Each
// accessor counts anew (a sort of every id): for several fields of a large run, take tally().
class ExactlyOnceIds : public detail::PartitionShares<uint64_t> {
 public:
  ExactlyOnceIds(std::string name, std::optional<IdSet> expected)
      : name_(std::move(name)), expected_(std::move(expected)) {}

  ExactlyOnceTally tally() const {
    return tally_ids(name_, expected_ ? &*expected_ : nullptr, all());
  }
  uint64_t seen() const { return tally().seen; }
  uint64_t lost() const { return tally().lost; }
  uint64_t duplicated() const { return tally().duplicated; }
  uint64_t unexpected() const { return tally().unexpected; }
  bool ok() const { return tally().ok(); }
  std::string report() const { return tally().report(); }

 private:
  std::string name_;
  std::optional<IdSet> expected_;
};

// The sink. `id_of` gives an element's id; for integral T it may be left out (the value is
// the id). Without expect_range()/expect() any id may come and only duplicates count; with
// them, the expected set is their union.
template <class T>
class ExactlyOnceCheck {
 public:
  using IdOf = std::function<uint64_t(const T&)>;

  ExactlyOnceCheck(std::string name, IdOf id_of)
      : name_(std::move(name)), id_of_(std::move(id_of)) {}
  explicit ExactlyOnceCheck(std::string name) requires std::is_integral_v<T>
      : ExactlyOnceCheck(std::move(name), [](const T& v) { return static_cast<uint64_t>(v); }) {}

  // Ids lo .. hi-1 are expected.
  ExactlyOnceCheck& expect_range(uint64_t lo, uint64_t hi) {
    expected().add_range(lo, hi);
    return *this;
  }
  ExactlyOnceCheck& expect(const std::vector<uint64_t>& ids) {
    expected().add(ids);
    return *this;
  }

  std::shared_ptr<ExactlyOnceIds> expand(const PCollection<T>& in) {
    auto store = std::make_shared<ExactlyOnceIds>(name_, expected_);
    in.graph().add_node(
        detail::share_sink_node<T, uint64_t>(in, name_, "ExactlyOnceCheck", store, IdsOf{id_of_}));
    // In-process runs report the count with their result (PipelineResult::checks).
    in.graph().add_result_reporter(
        [weak = std::weak_ptr<ExactlyOnceIds>(store)](PipelineResult& r) {
          auto ids = weak.lock();
          if (!ids) return;
          const ExactlyOnceTally t = ids->tally();
          r.checks.push_back(
              CheckReport{t.name, t.ok(), t.seen, t.lost, t.duplicated, t.unexpected, t.report()});
        });
    return store;
  }

 private:
  // Keeps each element's id.
  struct IdsOf {
    IdOf id_of;
    void operator()(Batch<T>& batch, std::vector<uint64_t>& ids) const {
      for (const auto& e : batch) ids.push_back(id_of(e.value));
    }
  };
  IdSet& expected() {
    if (!expected_) expected_.emplace();
    return *expected_;
  }

  std::string name_;
  IdOf id_of_;
  std::optional<IdSet> expected_;
};

}  // namespace rill::io
