#include "graph/testing/determinism_check.hpp"

#include <random>
#include <sstream>
#include <stdexcept>

namespace rill::testing {

namespace {

// splitmix64: the same numbers from a seed with any standard library (the distributions of
// <random> are not specified bit for bit).
class SeededDraws {
 public:
  explicit SeededDraws(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // In [lo, hi].
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t state_;
};

// An element as the report shows it: quoted, and cut when long.
std::string shown(const std::string& element) {
  constexpr size_t kMax = 300;
  if (element.size() <= kMax) return "\"" + element + "\"";
  return "\"" + element.substr(0, kMax) + "\"... (" + std::to_string(element.size()) + " bytes)";
}

int64_t total(const ElementCounts& counts) {
  int64_t n = 0;
  for (const auto& [element, count] : counts) n += count;
  return n;
}

}  // namespace

std::string RunSettings::text() const {
  return "parallelism=" + std::to_string(parallelism) + " workers=" + std::to_string(workers) +
         " batch-size=" + std::to_string(batch_size) +
         " credits=" + std::to_string(channel_credits);
}

void RunSettings::apply_to(PipelineOptions& o) const {
  o.parallelism = parallelism;
  o.workers = workers;
  o.batch_size = batch_size;
  o.channel_credits = channel_credits;
}

std::vector<RunSettings> draw_run_settings(uint64_t seed, int runs, const PipelineOptions& base,
                                           const VariedSettings& varied) {
  SeededDraws draws(seed);
  std::vector<RunSettings> out;
  constexpr auto kBatchChoices = std::size(kDrawnBatchSizes);
  for (int i = 0; i < runs; ++i) {
    // Every run draws all four, varied or not, so that fixing one setting leaves the others'
    // sequence as it was.
    const auto parallelism = static_cast<int>(draws.between(1, kMaxDrawnParallelism));
    const auto workers = static_cast<int>(draws.between(1, kMaxDrawnWorkers));
    const auto batch =
        kDrawnBatchSizes[static_cast<size_t>(draws.between(0, int64_t{kBatchChoices} - 1))];
    const auto credits = static_cast<int>(draws.between(1, kMaxDrawnCredits));
    RunSettings s;
    s.parallelism = varied.parallelism ? parallelism : base.effective_parallelism();
    s.workers = varied.workers ? workers : base.effective_workers();
    s.batch_size = varied.batch_size ? batch : base.batch_size;
    s.channel_credits = varied.channel_credits ? credits : base.channel_credits;
    out.push_back(s);
  }
  return out;
}

uint64_t fresh_seed() {
  std::random_device rd;
  // Below 2^53, so that the seed survives a trip through a JSON number or a double.
  return ((static_cast<uint64_t>(rd()) << 32) | rd()) & ((uint64_t{1} << 53) - 1);
}

std::optional<ElementDifference> first_difference(const ElementCounts& reference,
                                                  const ElementCounts& run) {
  auto a = reference.begin(), b = run.begin();
  while (a != reference.end() || b != run.end()) {
    if (b == run.end() || (a != reference.end() && a->first < b->first))
      return ElementDifference{a->first, a->second, 0};
    if (a == reference.end() || b->first < a->first)
      return ElementDifference{b->first, 0, b->second};
    if (a->second != b->second) return ElementDifference{a->first, a->second, b->second};
    ++a;
    ++b;
  }
  return std::nullopt;
}

std::string DeterminismReport::describe() const {
  std::ostringstream out;
  auto run_line = [&](int i) {
    const RunRecord& r = records.at(static_cast<size_t>(i));
    out << "  run " << i + 1 << ": " << r.settings.text();
    if (r.ok)
      out << " (" << r.elements << " elements)\n";
    else
      out << " (failed)\n";
  };
  if (deterministic) {
    out << "deterministic: " << runs << " runs agree (seed " << seed << ")\n";
    return out.str();
  }
  if (failed_run) {
    out << "not checked: run " << *failed_run + 1 << " of " << runs << " failed (seed " << seed
        << ")\n";
    run_line(*failed_run);
    out << "  " << records.at(static_cast<size_t>(*failed_run)).error << "\n";
  } else {
    const int d = differing_run.value();
    out << "NOT deterministic: run " << d + 1 << " of " << runs << " differs from run 1 (seed "
        << seed << ")\n";
    run_line(0);
    run_line(d);
    const ElementDifference& e = difference.value();
    out << "  first differing element: " << shown(e.element) << ": " << e.count_in_reference
        << " in run 1, " << e.count_in_run << " in run " << d + 1 << "\n";
  }
  out << "  replay with seed " << seed << "\n";
  return out.str();
}

DeterminismReport run_determinism_check(
    const PipelineOptions& base, int runs, uint64_t seed,
    const std::function<RunOutcome(const PipelineOptions&)>& run_once, const VariedSettings& varied,
    const std::function<void(const RunRecord&)>& on_run) {
  if (runs < 2)
    throw std::invalid_argument("rill: a determinism check needs at least 2 runs, got " +
                                std::to_string(runs));
  DeterminismReport report;
  report.runs = runs;
  report.seed = seed;
  ElementCounts reference;
  const auto settings = draw_run_settings(seed, runs, base, varied);
  for (int i = 0; i < runs; ++i) {
    PipelineOptions options = base;
    settings[static_cast<size_t>(i)].apply_to(options);
    RunOutcome outcome = run_once(options);
    RunRecord record;
    record.index = i;
    record.settings = settings[static_cast<size_t>(i)];
    record.ok = outcome.ok;
    record.error = outcome.error;
    record.elements = total(outcome.elements);
    report.records.push_back(record);
    if (on_run) on_run(record);
    if (!outcome.ok) {
      report.deterministic = false;
      report.failed_run = i;
      return report;
    }
    if (i == 0) {
      reference = std::move(outcome.elements);
      continue;
    }
    if (auto d = first_difference(reference, outcome.elements)) {
      report.deterministic = false;
      report.differing_run = i;
      report.difference = std::move(d);
      return report;
    }
  }
  return report;
}

}  // namespace rill::testing
