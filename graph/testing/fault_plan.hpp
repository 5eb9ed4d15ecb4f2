#pragma once
// rill::testing::FaultPlan: faults a run injects into itself, for tests of a pipeline under
// failure (PipelineOptions::faults, `--faults=SPEC`). Text form, several faults separated by
// ';', each `kind:key=value,...`:
//   crash:step=NAME[,partition=P],after=N        the partition running NAME fails once it has
//        (or at-checkpoint=K | during=snapshot|restore|finish instead of after)  taken N elements
//   kill-worker:worker=I,after-ms=T               worker I SIGKILLs itself (multi-process runs)
//   pause-worker:worker=I,after-ms=T,for-ms=D     worker I SIGSTOPs itself for D ms
//   delay:edge=FROM->TO,ms=D[,p=P]                a batch (or a credit) on the edge waits D ms
//   drop:edge=FROM->TO[,p=P]                      a batch is lost
//   duplicate:edge=FROM->TO[,p=P]                 a batch arrives twice
//   reorder:edge=FROM->TO[,p=P]                   a batch overtakes the one before it
//   partition:nodes=I/J,after-ms=T,for-ms=D       the traffic between workers I and J stops for D
//   fail-checkpoint:n=K                           checkpoint K's state cannot be written
//   slow:step=NAME,us=U                           NAME takes U µs more per element
//   random:seed=S,count=N[,kinds=crash+drop+...][,max-after=E][,max-ms=T]
//                                                 N faults drawn from S (expanded at the start)
// Every decision a fault takes (p) comes from a generator seeded with the plan's seed and the
// fault, the partition and the channel: the same seed gives the same faults at the same
// element counts and checkpoint numbers. The seed is printed at the start of the run.
// Lifetime: a destructive fault (all but delay and slow) fires once per run; the job records
// it and does not arm it again in partitions it restarts. Plain C++: no CAF here.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace rill::testing {

enum class FaultKind {
  kCrash,
  kKillWorker,
  kPauseWorker,
  kDelay,
  kDrop,
  kDuplicate,
  kReorder,
  kPartition,
  kFailCheckpoint,
  kSlow,
};
const char* to_string(FaultKind k);

// When a crash fault strikes.
enum class CrashPoint {
  kAfterElements,
  kAtCheckpoint,
  kDuringSnapshot,
  kDuringRestore,
  kDuringFinish
};

struct Fault {
  FaultKind kind = FaultKind::kCrash;
  std::string step;   // crash, slow: a step name
  int partition = 0;  // crash: which partition of the step's stage
  CrashPoint point = CrashPoint::kAfterElements;
  int64_t after = 0;             // crash: elements taken by the step in that partition
  uint64_t checkpoint = 0;       // crash at-checkpoint=K; fail-checkpoint n=K
  int worker = -1;               // kill-worker, pause-worker
  int node_a = -1, node_b = -1;  // partition: the two workers' indexes
  int64_t after_ms = 0, for_ms = 0;
  std::string from, to;  // edge faults: step names at either end of the edge
  double p = 1.0;        // edge faults: probability per batch
  int64_t ms = 0;        // delay
  int64_t us = 0;        // slow

  // Fires more than once (delay, slow); the others fire once per run.
  bool lasting() const { return kind == FaultKind::kDelay || kind == FaultKind::kSlow; }
  bool on_edge() const {
    return kind == FaultKind::kDelay || kind == FaultKind::kDrop || kind == FaultKind::kDuplicate ||
           kind == FaultKind::kReorder;
  }
  // The canonical text (parse(text()) gives the same fault).
  std::string text() const;
};

// What `random:` draws from.
struct RandomFaults {
  uint64_t seed = 0;
  int count = 0;
  std::vector<FaultKind> kinds;  // empty: crash, delay, drop, duplicate, reorder, fail-checkpoint
  int64_t max_after = 5000;      // crash after= is drawn from [1, max_after]
  int64_t max_ms = 2000;         // after-ms / for-ms / ms are drawn from [1, max_ms]
};

// What a random plan can name: the job's steps, edges and size.
struct FaultTargets {
  std::vector<std::string> steps;                          // every step
  std::vector<std::pair<std::string, std::string>> edges;  // (from step, to step) per channel edge
  int parallelism = 1;
  int workers = 0;  // processes running partitions (0: one process)
  uint64_t max_checkpoint = 5;
};

class FaultPlan {
 public:
  FaultPlan() = default;
  // Parses the text form. A bad fault throws std::invalid_argument naming the fault and key.
  static FaultPlan parse(const std::string& spec);

  FaultPlan& add(Fault f);
  FaultPlan& add_random(RandomFaults r);
  // The seed of the run's decisions (0: one is drawn from the clock when the job starts).
  FaultPlan& with_seed(uint64_t s) {
    seed_ = s;
    return *this;
  }

  uint64_t seed() const { return seed_; }
  const std::vector<Fault>& faults() const { return faults_; }
  const std::vector<RandomFaults>& random() const { return random_; }
  bool empty() const { return faults_.empty() && random_.empty(); }
  // Text form, seed included (`seed=S;` first when set), for the log and for a replay.
  std::string text() const;

  // The plan a run uses: the seed fixed (drawn when 0) and `random:` entries replaced by the
  // faults they draw for `t`. Same seed and targets, same plan.
  FaultPlan resolved(const FaultTargets& t) const;
  // Checks names against the job (a crash or slow of a step that does not exist, an edge
  // between steps that are not connected): std::invalid_argument naming the fault.
  void check(const FaultTargets& t) const;

 private:
  uint64_t seed_ = 0;
  std::vector<Fault> faults_;
  std::vector<RandomFaults> random_;
};

// A deterministic decision stream for one (fault, partition, channel): p draws without a
// shared generator, so timing between partitions cannot change what a partition decides.
class FaultDice {
 public:
  FaultDice(uint64_t seed, uint64_t fault, uint64_t partition, uint64_t channel);
  double next();  // uniform in [0, 1)
  bool roll(double p) { return p >= 1.0 || next() < p; }

 private:
  uint64_t state_;
};

}  // namespace rill::testing
