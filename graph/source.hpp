#pragma once
// Sources produce a collection from outside the pipeline. A source is split into readers;
// partition i of a source stage runs readers i, i+P, i+2P, ... one after another.
#include <cereal/archives/binary.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/consumer.hpp"
#include "graph/operator.hpp"
#include "graph/output_paths.hpp"

namespace rill {

class SourceReaderBase {
 public:
  virtual ~SourceReaderBase() = default;
  // Checkpoints: a reader that can save its position (and seek back to it on a restore)
  // says so; a job with checkpoints refuses a source whose readers cannot.
  virtual bool checkpointable() const { return false; }
  virtual void snapshot(cereal::BinaryOutputArchive& /*ar*/) const {}
  virtual void restore(cereal::BinaryInputArchive& /*ar*/) {}
  virtual AnyOutput* output() = 0;
  // Reads up to `max_elements` and emits them downstream. Returns false once exhausted.
  virtual bool pump(size_t max_elements) = 0;
  // Event time up to which this reader has produced everything (kMaxTimestamp at its end).
  virtual Timestamp watermark() const = 0;
  virtual int64_t produced() const = 0;
  // A paced reader (one that produces at a target rate) with nothing due yet returns how
  // long to wait before the next pump, so its partition sleeps instead of spinning.
  // 0 means: pump again as soon as there is credit.
  virtual int64_t wait_micros() const { return 0; }
  // What is left to read, for the job's live metrics (rill_source_backlog_*): elements or
  // bytes, -1 where the reader cannot tell (an unbounded source, say). Cheap; called about
  // once a second between pumps.
  virtual int64_t backlog_elements() const { return -1; }
  virtual int64_t backlog_bytes() const { return -1; }
};

template <class T>
class SourceReader : public SourceReaderBase {
 public:
  AnyOutput* output() override { return &out_; }
  bool pump(size_t max_elements) override {
    buf_.clear();
    bool more = read(buf_, max_elements);
    produced_ += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    if (!more) done_ = true;
    return more;
  }
  // Bounded readers know nothing about event time until they are exhausted.
  Timestamp watermark() const override { return done_ ? kMaxTimestamp : kMinTimestamp; }
  int64_t produced() const override { return produced_; }
  // Readers that override save_position() and load_position() are checkpointable.
  bool checkpointable() const override { return has_position(); }
  void snapshot(cereal::BinaryOutputArchive& ar) const override;
  void restore(cereal::BinaryInputArchive& ar) override;

 protected:
  bool exhausted() const { return done_; }
  // The reader's position, for checkpoints: what it has read so far, so that a restored
  // reader goes on with the next element after it.
  virtual bool has_position() const { return false; }
  virtual void save_position(cereal::BinaryOutputArchive&) const {}
  virtual void load_position(cereal::BinaryInputArchive&) {}
  // Appends up to `max` elements to `out`; returns false when nothing more will come.
  virtual bool read(Batch<T>& out, size_t max) = 0;

 private:
  Output<T> out_;
  Batch<T> buf_;
  int64_t produced_ = 0;
  bool done_ = false;
};

template <class T>
void SourceReader<T>::snapshot(cereal::BinaryOutputArchive& ar) const {
  ar(produced_, done_);
  save_position(ar);
}

template <class T>
void SourceReader<T>::restore(cereal::BinaryInputArchive& ar) {
  ar(produced_, done_);
  load_position(ar);
}

class SourceDef {
 public:
  virtual ~SourceDef() = default;
  // A scripted source (TestStream) needs its watermark advances to reach every step in
  // script order: the planner then runs the whole pipeline at parallelism 1, so each path
  // is one FIFO chain (Beam's DirectRunner likewise runs TestStream synchronously).
  virtual bool needs_serial_execution() const { return false; }
  virtual std::vector<std::unique_ptr<SourceReaderBase>> split(int desired,
                                                               const OpContext& ctx) const = 0;
  // Whether its readers save their positions (SourceReader::has_position), so that a job
  // with checkpoints can replay it from a checkpoint.
  virtual bool checkpointable() const { return false; }
  // Whether it reads until the job is stopped (drained, cancelled) rather than to an end: a
  // job with such a source and checkpoints publishes its file output per checkpoint
  // (graph/checkpoint_publication.hpp).
  virtual bool unbounded() const { return false; }
  // The files it reads, as given (for check_output_paths: no sink may write over them).
  virtual std::vector<std::string> input_files() const { return {}; }
  // What decides the elements it produces (paths, counts, generator settings), one line:
  // part of the pipeline's definition (pipeline_definition.hpp).
  virtual std::string describe() const { return {}; }
};

// Sinks that publish files (or check results) implement this. Before the job starts, the
// runner calls prepare() on every sink (which may refuse the job: std::invalid_argument).
// Once every partition has finished, the job calls verify() on every sink, then commit() on
// every sink; when the job fails (or a verify throws), it calls abort() instead, so a failed
// job leaves no final files. release() ends the job's hold on the output (PreparedSinks).
class SinkFinalizer {
 public:
  virtual ~SinkFinalizer() = default;
  // The files it publishes and keeps beside them (see check_output_paths).
  virtual SinkOutputs outputs() const { return {}; }
  // Claims the output for this job (no other live job may write it), finishes a commit an
  // earlier run left half done, removes dead runs' temporaries, and refuses (throws
  // std::invalid_argument) to replace files that rill did not write.
  virtual void prepare(const std::string& /*job_token*/, int /*shards*/) {}
  virtual void release() {}
  virtual void verify(const std::string& /*job_token*/, int /*shards*/) {}
  virtual std::vector<std::string> commit(const std::string& job_token, int shards) = 0;
  virtual void abort(const std::string& job_token, int shards) = 0;

  // Publication per checkpoint (graph/checkpoint_publication.hpp), for sinks that can: their
  // operator closes its file at each checkpoint's barrier as that checkpoint's pending file.
  virtual bool publishes_per_checkpoint() const { return false; }
  // Publishes the pending files of checkpoints <= `upto` (those already published are gone:
  // calling it again publishes nothing twice) and, with `last`, the files still open (the
  // job's end) under checkpoint number `*last`; returns the paths published.
  virtual std::vector<std::string> commit_checkpoints(const std::string& /*job_token*/,
                                                      int /*shards*/, uint64_t /*upto*/,
                                                      std::optional<uint64_t> /*last*/) {
    return {};
  }
  // Deletes the files of checkpoints after `checkpoint`, pending or published by this run (a
  // restore to it replays what they hold).
  virtual void discard_checkpoints_after(const std::string& /*job_token*/, int /*shards*/,
                                         uint64_t /*checkpoint*/) {}
};

}  // namespace rill
