#include "io/exactly_once_check.hpp"

#include <algorithm>
#include <stdexcept>

namespace rill::io {

IdSet& IdSet::add_range(uint64_t lo, uint64_t hi) {
  if (lo > hi)
    throw std::invalid_argument("IdSet: range [" + std::to_string(lo) + ", " + std::to_string(hi) +
                                ") ends before it starts");
  if (lo < hi) ranges_.emplace_back(lo, hi - 1);
  normalize();
  return *this;
}

IdSet& IdSet::add(const std::vector<uint64_t>& ids) {
  for (uint64_t id : ids) ranges_.emplace_back(id, id);
  normalize();
  return *this;
}

void IdSet::normalize() {
  std::sort(ranges_.begin(), ranges_.end());
  std::vector<std::pair<uint64_t, uint64_t>> merged;
  for (const auto& r : ranges_) {
    // Overlapping or adjacent (last + 1 == first) ranges become one.
    if (!merged.empty() &&
        (merged.back().second == UINT64_MAX || r.first <= merged.back().second + 1))
      merged.back().second = std::max(merged.back().second, r.second);
    else
      merged.push_back(r);
  }
  ranges_ = std::move(merged);
}

bool IdSet::contains(uint64_t id) const {
  // The first range that ends at or after id.
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), id,
                             [](const auto& r, uint64_t v) { return r.second < v; });
  return it != ranges_.end() && it->first <= id;
}

uint64_t IdSet::size() const {
  uint64_t n = 0;
  for (const auto& r : ranges_) n += r.second - r.first + 1;
  return n;
}

ExactlyOnceTally tally_ids(std::string name, const IdSet* expected, std::vector<uint64_t> ids) {
  ExactlyOnceTally t;
  t.name = std::move(name);
  t.expectation = expected != nullptr;
  t.expected = expected ? expected->size() : 0;
  t.seen = ids.size();
  std::sort(ids.begin(), ids.end());
  auto example = [](std::vector<uint64_t>& v, uint64_t id) {
    if (v.size() < ExactlyOnceTally::kExamples) v.push_back(id);
  };
  uint64_t expected_seen = 0;  // distinct expected ids that came
  for (size_t i = 0; i < ids.size();) {
    size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    const uint64_t copies = j - i;
    if (expected && !expected->contains(ids[i])) {
      t.unexpected += copies;
      example(t.unexpected_examples, ids[i]);
    } else {
      ++expected_seen;
      if (copies > 1) {
        t.duplicated += copies - 1;
        example(t.duplicated_examples, ids[i]);
      }
    }
    i = j;
  }
  if (!expected) return t;
  t.lost = t.expected - expected_seen;
  // The smallest lost ids: walk the expected ranges beside the sorted ids.
  auto next = ids.begin();
  for (const auto& [first, last] : expected->ranges()) {
    if (t.lost_examples.size() >= ExactlyOnceTally::kExamples || t.lost_examples.size() == t.lost)
      break;
    next = std::lower_bound(next, ids.end(), first);
    for (uint64_t id = first;; ++id) {
      if (next != ids.end() && *next == id)
        next = std::upper_bound(next, ids.end(), id);
      else
        example(t.lost_examples, id);
      if (id == last || t.lost_examples.size() >= ExactlyOnceTally::kExamples) break;
    }
  }
  return t;
}

namespace {
std::string with_examples(uint64_t n, const std::vector<uint64_t>& examples) {
  std::string s = std::to_string(n);
  if (examples.empty()) return s;
  s += " (e.g. ";
  for (size_t i = 0; i < examples.size(); ++i) s += (i ? ", " : "") + std::to_string(examples[i]);
  return s + ")";
}
}  // namespace

std::string ExactlyOnceTally::report() const {
  std::string s = "exactly-once check '" + name + "': ";
  s += expectation ? std::to_string(expected) + " expected, " : std::string("any ids, ");
  s += std::to_string(seen) + " seen";
  if (expectation) s += ", lost " + with_examples(lost, lost_examples);
  s += ", duplicated " + with_examples(duplicated, duplicated_examples);
  if (unexpected > 0) s += ", unexpected " + with_examples(unexpected, unexpected_examples);
  return s;
}

}  // namespace rill::io
