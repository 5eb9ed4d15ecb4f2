#pragma once
// LineSinkOp<Writer>: the operator of a sink that writes each string element as one line of
// its temporary file (published by the sink's finalizer when the job ends). The writer is
// opened on first use (at the latest in finish(), so the output exists even when no line
// comes) and closed in finish(); any I/O error fails the step. Writer needs
// write_line(string_view), sync() (flush and fsync: returns the bytes now durable) and
// close(); open(resume_at) opens a fresh file, or, after a restore, the run's file cut back
// to `resume_at` bytes.
//
// Checkpoints: the snapshot is the length of the temporary file, made durable first; a
// restore cuts the file back to it, so the lines written after the checkpoint (which the
// restored sources send again) are not there twice: exactly once. Published per checkpoint
// (`per_checkpoint`, for a Writer with roll()): at each checkpoint the file is closed as that
// checkpoint's pending part and a new one begins, so the length snapshotted is 0.
#include <cereal/archives/binary.hpp>
#include <functional>
#include <optional>
#include <string>

#include "graph/transforms/do_fn.hpp"

namespace rill::io::detail {

template <class Writer>
class LineSinkOp final : public OperatorBase, public Consumer<std::string> {
 public:
  using Open = std::function<Writer(std::optional<uint64_t> resume_at)>;
  LineSinkOp(std::string step, Open open, bool per_checkpoint = false)
      : OperatorBase(std::move(step)), open_(std::move(open)), per_checkpoint_(per_checkpoint) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void consume(Batch<std::string>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    written_ = true;
    rill::detail::as_step(step(), [&] {
      Writer& w = writer();
      for (const auto& e : batch) w.write_line(e.value);
    });
  }
  void finish() override {
    rill::detail::as_step(step(), [&] { writer().close(); });
  }
  void on_checkpoint(uint64_t checkpoint) override {
    if constexpr (requires(Writer & w) { w.roll(checkpoint); }) {
      // A checkpoint that saw no line publishes no part (an idle stream makes no empty files).
      if (per_checkpoint_ && written_) writer().roll(checkpoint);
      written_ = false;
    }
  }
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    uint64_t bytes = 0;
    rill::detail::as_step(step(), [&] { bytes = writer().sync(); });
    ar(bytes);
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    uint64_t bytes = 0;
    ar(bytes);
    rill::detail::as_step(step(), [&] { writer_.emplace(open_(bytes)); });
    written_ = bytes > 0;
  }

 private:
  Writer& writer() const {
    if (!writer_) writer_.emplace(open_(std::nullopt));
    return *writer_;
  }

  Open open_;
  bool per_checkpoint_;
  bool written_ = false;                  // lines since the last part was closed
  mutable std::optional<Writer> writer_;  // opened on first use, also by a snapshot
};

}  // namespace rill::io::detail
