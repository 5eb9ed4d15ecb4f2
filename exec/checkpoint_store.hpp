#pragma once
// Where checkpoints live: DIR/chk-<N>/ holds one state file per partition
// (s<stage>-p<partition>.state) and _metadata. A state file is a header (magic, format
// version, length, CRC-32) followed by the partition's state (StageProgram::snapshot); the
// metadata (same framing) lists the job, its pipeline definition, each stage's parallelism
// and every partition's file with its length and CRC. A checkpoint is complete once its
// _metadata exists: it is written last, durably and atomically (temporary, fsync, rename,
// fsync of the directory), after every partition's file was fsync'd.
//
// Lifetime: a checkpoint is written while the job runs, becomes complete with its metadata,
// and is deleted once `retained` newer complete checkpoints exist (retain()); an incomplete
// one (its job died, or it was declined) is deleted by the next retain(). A damaged file (a
// flipped byte, a truncation) fails its CRC or length check: the checkpoint is skipped,
// never restored, and the reason reported.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rill {

// A checkpoint file that failed its checks: which file, and why.
class CorruptCheckpoint : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PartitionStateFile {
  int32_t stage = 0, partition = 0;
  std::string file;  // name within the checkpoint's directory; empty: the partition had finished
  uint64_t bytes = 0;
  uint32_t crc = 0;
  template <class A>
  void serialize(A& ar) {
    ar(stage, partition, file, bytes, crc);
  }
};

struct CheckpointMetadata {
  uint64_t id = 0;
  std::string job_token;                // the run whose temporaries a restore continues
  std::vector<std::string> definition;  // definition_lines() of the pipeline
  std::vector<int32_t> parallelism;     // per stage
  std::vector<PartitionStateFile> partitions;
  int64_t completed_ms = 0;  // wall clock
  bool savepoint = false;
  std::string directory;  // where its files are (not stored: set when written or read)
  template <class A>
  void serialize(A& ar) {
    ar(id, job_token, definition, parallelism, partitions, completed_ms, savepoint);
  }
};

// Reads and checks one partition's state file in the checkpoint directory `dir` (chk-N or a
// savepoint's copy); throws CorruptCheckpoint naming the file.
std::string read_state_file(const std::string& dir, const PartitionStateFile& f);

// A savepoint: a self-contained checkpoint directory (its _metadata and state files), checked
// whole. Throws CorruptCheckpoint for damage, std::invalid_argument when it is no checkpoint.
CheckpointMetadata read_savepoint(const std::string& dir);

// Copies checkpoint directory `from` to `to` (which must not exist yet), durably.
void copy_checkpoint(const std::string& from, const std::string& to);

class CheckpointStore {
 public:
  explicit CheckpointStore(std::string dir) : dir_(std::move(dir)) {}

  const std::string& directory() const { return dir_; }
  std::string checkpoint_dir(uint64_t id) const;

  // Writes (durably) one partition's state for checkpoint `id`; returns its record.
  PartitionStateFile write_partition(uint64_t id, int stage, int partition,
                                     const std::string& state) const;
  // Reads and checks it; throws CorruptCheckpoint naming the file.
  std::string read_partition(uint64_t id, const PartitionStateFile& f) const;
  // Completes checkpoint `m.id`.
  void write_metadata(const CheckpointMetadata& m) const;
  // Reads and checks a checkpoint's metadata (throws CorruptCheckpoint).
  CheckpointMetadata read_metadata(uint64_t id) const;

  // The newest complete checkpoint whose metadata and state files are all intact; each one
  // skipped for damage adds a line to `problems`. nullopt when there is none.
  std::optional<CheckpointMetadata> latest_complete(std::vector<std::string>* problems) const;
  // Ids of the checkpoint directories present, ascending.
  std::vector<uint64_t> list() const;
  // Keeps the newest `retained` complete checkpoints (and anything newer than them);
  // deletes every other checkpoint directory.
  void retain(size_t retained) const;

 private:
  std::string dir_;
};

}  // namespace rill
