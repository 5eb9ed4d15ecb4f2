// Pipeline::start() and the handle it returns: cancel from another thread, wait for the end.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "io/write_to_text.hpp"
#include "rill.hpp"

using namespace rill;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("rill-handle-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

std::vector<int64_t> numbers(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = i;
  return v;
}

}  // namespace

TEST_CASE("cancel from another thread ends a running job: CANCELLED, nothing published") {
  TempDir dir;
  PipelineOptions o;
  o.parallelism = 2;
  o.batch_size = 10;
  Pipeline p{o};
  static std::atomic<int64_t> seen{0};
  seen = 0;
  p | Create("Nums", numbers(100000)) | Map("Slow", [](int64_t x) {
    ++seen;
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    return std::to_string(x);
  }) | io::WriteToText("Write", (dir.path / "out").string());
  PipelineHandle job = p.start();
  while (seen < 1000) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto t0 = std::chrono::steady_clock::now();
  std::thread([job]() mutable { job.cancel("the operator said so"); }).join();
  const PipelineResult r = job.wait();
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(r.state == JobState::kCancelled);
  CHECK(r.error == "the operator said so");
  CHECK(r.outputs.empty());
  CHECK(r.summary().rfind("job CANCELLED: the operator said so\n", 0) == 0);
  CHECK(seen < 100000);
  CHECK(fs::is_empty(dir.path));  // no shard, no temporary, no lock
  MESSAGE("cancel to end: " << took << " s");
  CHECK(took < 5.0);  // a hang detector, not a speed check: it takes milliseconds
}

TEST_CASE("cancel after the end changes nothing; run() is start().wait()") {
  Pipeline p;
  auto sum = p | Create("Nums", numbers(1000)) | CombineGlobally("Sum", combine::Sum<int64_t>{});
  PipelineHandle job = p.start();
  const PipelineResult r = job.wait();
  job.cancel("too late");
  CHECK(r.state == JobState::kDone);
  CHECK(job.wait().state == JobState::kDone);
  CHECK(p.run().ok());
}
