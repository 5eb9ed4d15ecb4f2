// rill_cluster_node: a user's own program that runs in any role through two library calls
// (parse_node_settings + start_node), with `rill run`'s signal handling (stop_job_on_signals:
// SIGTERM to a coordinator with checkpoints stops with a savepoint). Its pipeline: N numbers ->
// Reshuffle (so every batch may cross processes) -> a slow step that sleeps DELAY microseconds per
// element -> KV(i mod 16, i) -> CombinePerKey(Sum) -> text lines "key: sum".
//   rill_cluster_node --n=N --delay-us=D --output=PREFIX [--skewed-us=S]
//                     [--checkpoint-dir=DIR --checkpoint-interval=MS [--resume]] [node options]
// With --skewed-us, the numbers come from an event-time source instead (number i at time
// i ms; reader r of P reads r, r+P, ..., and reader 1 sleeps S microseconds per batch), so
// watermark alignment holds the fast readers back.
// Its Slow step counts user metrics: "elements" and a distribution of "values".
// Prints the job summary (with the user metrics) and "flow: inflight=I queue=Q pauses=P skew=S"
// (the observed maxima of the credit bounds, gathered from every node's partitions, and the job's
// view of the source watermark alignment).
#include <chrono>
#include <iostream>
#include <thread>

#include "actors/job_signals.hpp"
#include "actors/node_runner.hpp"
#include "io/write_to_text.hpp"
#include "rill.hpp"

namespace {

using namespace rill;

class SkewedReader final : public SourceReader<int64_t> {
 public:
  SkewedReader(int64_t n, int64_t first, int64_t stride, int64_t pause_us)
      : n_(n), next_(first), stride_(stride), pause_us_(pause_us) {}
  Timestamp watermark() const override { return exhausted() ? kMaxTimestamp : next_ - 1; }

 protected:
  bool read(Batch<int64_t>& out, size_t max) override {
    if (pause_us_ > 0) std::this_thread::sleep_for(std::chrono::microseconds(pause_us_));
    for (size_t i = 0; i < max && next_ < n_; ++i, next_ += stride_) out.push_back({next_, next_});
    return next_ < n_;
  }

 private:
  int64_t n_, next_, stride_, pause_us_;
};

class SkewedSource final : public SourceDef {
 public:
  SkewedSource(int64_t n, int64_t pause_us) : n_(n), pause_us_(pause_us) {}
  std::vector<std::unique_ptr<SourceReaderBase>> split(int desired,
                                                       const OpContext&) const override {
    std::vector<std::unique_ptr<SourceReaderBase>> readers;
    for (int r = 0; r < std::max(desired, 1); ++r)
      readers.push_back(
          std::make_unique<SkewedReader>(n_, r, std::max(desired, 1), r == 1 ? pause_us_ : 0));
    return readers;
  }

 private:
  int64_t n_, pause_us_;
};

struct SkewedNumbers {
  std::string name;
  int64_t n, pause_us;
  PCollection<int64_t> expand_root(const std::shared_ptr<GraphDef>& g) {
    return detail::add_source<int64_t>(g, name, "SkewedNumbers",
                                       std::make_shared<SkewedSource>(n, pause_us));
  }
};

}  // namespace

int main(int argc, char** argv) {
  using namespace rill;
  std::vector<std::string> args(argv + 1, argv + argc);
  StopSignals signals;  // before any thread starts: SIGTERM stops the job as `rill run` does
  try {
    const NodeSettings node = parse_node_settings(args);
    int64_t n = 100000, delay_us = 0, skewed_us = -1;
    std::string output, checkpoint_dir;
    int64_t checkpoint_interval = 0;
    bool resume = false;
    for (const auto& a : args) {
      if (a.rfind("--n=", 0) == 0) {
        n = std::stoll(a.substr(4));
      } else if (a.rfind("--delay-us=", 0) == 0) {
        delay_us = std::stoll(a.substr(11));
      } else if (a.rfind("--skewed-us=", 0) == 0) {
        skewed_us = std::stoll(a.substr(12));
      } else if (a == "--resume") {
        resume = true;
      } else if (a.rfind("--checkpoint-dir=", 0) == 0) {
        checkpoint_dir = a.substr(17);
      } else if (a.rfind("--checkpoint-interval=", 0) == 0) {
        checkpoint_interval = std::stoll(a.substr(22));
      } else if (a.rfind("--output=", 0) == 0) {
        output = a.substr(9);
      } else {
        std::cerr << "rill_cluster_node: unknown argument " << a << "\n";
        return 2;
      }
    }
    if (output.empty()) {
      std::cerr << "rill_cluster_node: --output is required\n";
      return 2;
    }
    PipelineOptions opts;
    opts.batch_size = 256;
    opts.channel_credits = 4;
    opts.checkpoint_dir = checkpoint_dir;
    opts.checkpoint_interval = checkpoint_interval;
    opts.resume = resume;
    if (skewed_us >= 0) opts.max_source_drift = 10000;  // job-level alignment across processes
    Pipeline p{opts};
    std::vector<int64_t> numbers(static_cast<size_t>(skewed_us >= 0 ? 0 : n));
    for (size_t i = 0; i < numbers.size(); ++i) numbers[i] = static_cast<int64_t>(i);
    auto source = skewed_us >= 0 ? p | SkewedNumbers{"Numbers", n, skewed_us}
                                 : p | Create("Numbers", std::move(numbers));
    source | Reshuffle("Spread") |
        Map("Slow",
            [delay_us](int64_t x, Metrics& m) {
              m.counter("elements").inc();  // user metrics, summed over the workers
              m.distribution("values").update(x);
              if (delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
              return KV<int64_t, int64_t>{x % 16, x};
            }) |
        CombinePerKey("Sum", combine::Sum<int64_t>{}) |
        Map("Format",
            [](const KV<int64_t, int64_t>& kv) {
              return std::to_string(kv.key) + ": " + std::to_string(kv.value);
            }) |
        io::WriteToText("Write", output);
    PipelineHandle job = start_node(p, node);
    stop_job_on_signals(signals, job, opts.checkpointing() && node.role != NodeRole::kWorker);
    const PipelineResult r = job.wait();
    if (r.state == JobState::kStopped) {
      std::cerr << "rill_cluster_node: " << r.error << "; nothing published\n";
      return 128 + signals.received();
    }
    if (node.role == NodeRole::kWorker) {
      std::cout << "worker: " << (r.ok() ? "job DONE" : r.error) << "\n";
      return r.ok() ? 0 : 1;
    }
    std::cout << r.summary() << "flow: inflight=" << r.flow.max_channel_inflight
              << " queue=" << r.flow.max_output_queue << " pauses=" << r.flow.source_pauses
              << " skew=" << r.flow.max_source_skew << "\n";
    return r.ok() ? 0 : 1;
  } catch (const ConfigError& e) {
    std::cerr << "rill_cluster_node: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rill_cluster_node: " << e.what() << "\n";
    return 1;
  }
}
