// rill_cluster_node: a user's own program that runs in any role through one library call
// (parse_node_settings + run_node). Its pipeline: N numbers -> Reshuffle (so every batch
// may cross processes) -> a slow step that sleeps DELAY microseconds per element ->
// KV(i mod 16, i) -> CombinePerKey(Sum) -> text lines "key: sum".
//   rill_cluster_node --n=N --delay-us=D --output=PREFIX [node options]
// Prints the job summary and "flow: inflight=I queue=Q" (the observed maxima of the credit
// bounds, gathered from every node's partitions).
#include <chrono>
#include <iostream>
#include <thread>

#include "actors/node_runner.hpp"
#include "graph/rill.hpp"
#include "io/write_to_text.hpp"

int main(int argc, char** argv) {
  using namespace rill;
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    const NodeSettings node = parse_node_settings(args);
    int64_t n = 100000, delay_us = 0;
    std::string output;
    for (const auto& a : args) {
      if (a.rfind("--n=", 0) == 0) {
        n = std::stoll(a.substr(4));
      } else if (a.rfind("--delay-us=", 0) == 0) {
        delay_us = std::stoll(a.substr(11));
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
    Pipeline p{opts};
    std::vector<int64_t> numbers(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) numbers[static_cast<size_t>(i)] = i;
    p | Create("Numbers", std::move(numbers)) | Reshuffle("Spread") |
        Map("Slow",
            [delay_us](int64_t x) {
              if (delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
              return KV<int64_t, int64_t>{x % 16, x};
            }) |
        CombinePerKey("Sum", combine::Sum<int64_t>{}) |
        Map("Format",
            [](const KV<int64_t, int64_t>& kv) {
              return std::to_string(kv.key) + ": " + std::to_string(kv.value);
            }) |
        io::WriteToText("Write", output);
    const PipelineResult r = run_node(p, node);
    if (node.role == NodeRole::kWorker) {
      std::cout << "worker: " << (r.ok() ? "job DONE" : r.error) << "\n";
      return r.ok() ? 0 : 1;
    }
    std::cout << r.summary() << "flow: inflight=" << r.flow.max_channel_inflight
              << " queue=" << r.flow.max_output_queue << "\n";
    return r.ok() ? 0 : 1;
  } catch (const ConfigError& e) {
    std::cerr << "rill_cluster_node: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rill_cluster_node: " << e.what() << "\n";
    return 1;
  }
}
