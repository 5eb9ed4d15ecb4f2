#include "actors/source_aligner.hpp"

#include <algorithm>
#include <map>

#include "actors/messages.hpp"

namespace rill {
namespace {

// One source stage with several partitions: what each last reported, and the minimum last
// announced to them.
struct SourceWatermarks {
  std::vector<Timestamp> wm;           // by partition; kMaxTimestamp once it has read all
  std::vector<char> reported, paused;  // by partition
  std::vector<caf::actor> partitions;  // where announcements go (learnt from the reports)
  Timestamp announced = kMinTimestamp;
  bool any_announced = false;
};

struct AlignerState {
  SourceAlignerArgs args;
  std::map<int, SourceWatermarks> stages;
};

// Once every partition of the stage has reported, announce their minimum when it changed and
// either some partition waits for it or it rose by a quarter of the drift since the last one.
void on_report(caf::event_based_actor* self, AlignerState& st, int stage, int partition,
               Timestamp wm, bool paused) {
  auto it = st.stages.find(stage);
  if (it == st.stages.end()) return;
  auto& s = it->second;
  const auto p = static_cast<size_t>(partition);
  if (p >= s.wm.size()) return;
  s.partitions[p] = caf::actor_cast<caf::actor>(self->current_sender());  // new after a restart
  s.wm[p] = wm;
  s.reported[p] = 1;
  s.paused[p] = paused ? 1 : 0;
  auto& stats = *st.args.stats;
  if (paused) stats.source_pauses.fetch_add(1, std::memory_order_relaxed);
  if (std::find(s.reported.begin(), s.reported.end(), 0) != s.reported.end()) return;
  Timestamp lo = kMaxTimestamp, hi = kMinTimestamp;
  bool some_paused = false;
  for (size_t i = 0; i < s.wm.size(); ++i) {
    some_paused |= s.paused[i] != 0;
    if (s.wm[i] == kMinTimestamp) continue;  // no event-time progress: holds nobody back
    lo = std::min(lo, s.wm[i]);
    if (s.wm[i] != kMaxTimestamp) hi = std::max(hi, s.wm[i]);
  }
  if (hi != kMinTimestamp && hi - lo > stats.max_source_skew.load(std::memory_order_relaxed))
    stats.max_source_skew.store(hi - lo, std::memory_order_relaxed);
  if (lo == kMaxTimestamp || (s.any_announced && lo == s.announced)) return;
  const Duration step = std::max<Duration>(1, st.args.max_source_drift / 4);
  if (s.any_announced && lo > s.announced && lo - s.announced < step && !some_paused) return;
  s.announced = lo;
  s.any_announced = true;
  for (size_t i = 0; i < s.partitions.size(); ++i)
    if (s.partitions[i] && s.wm[i] != kMaxTimestamp)
      self->send(s.partitions[i], wmalign_atom::value, lo);
}

}  // namespace

caf::behavior source_aligner(caf::event_based_actor* self, SourceAlignerArgs args) {
  auto st = std::make_shared<AlignerState>();
  st->args = std::move(args);
  auto init = [st] {
    st->stages.clear();
    for (const auto& s : st->args.plan->stages)
      if (s.source_node >= 0 && s.parallelism > 1 && st->args.max_source_drift > 0) {
        auto& w = st->stages[s.id];
        const auto n = static_cast<size_t>(s.parallelism);
        w.wm.assign(n, kMinTimestamp);
        w.reported.assign(n, 0);
        w.paused.assign(n, 0);
        w.partitions.resize(n);
      }
  };
  init();
  return {
      [=](reset_atom) { init(); },  // the job restarted its partitions: forget the old reports
      [=](srcwm_atom, uint32_t stage, uint32_t partition, Timestamp wm, bool paused) {
        on_report(self, *st, static_cast<int>(stage), static_cast<int>(partition), wm, paused);
      },
  };
}

}  // namespace rill
