#pragma once
// ProgressLine: while a job runs, one line on stderr (a terminal) that says what the sources
// have read of their total, the rate and the time left, redrawn twice a second from the
// job's live status (ops/job_registry.hpp), and erased when the job ends.
//   rill: Read 12.4 MB of 45.0 MB (27%), 3.1 MB/s, ETA 11 s
#include <atomic>
#include <string>
#include <thread>

namespace rill::cli {

class ProgressLine {
 public:
  explicit ProgressLine(std::string job_name);
  ~ProgressLine();  // stops and erases the line

 private:
  void run();
  std::string job_name_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// "Read 12.4 MB of 45.0 MB (27%), 3.1 MB/s, ETA 11 s": `done` of `total` (-1: unknown) in
// `unit` ("" elements, "B" bytes), at `rate` per second.
std::string progress_text(const std::string& step, double done, double total, double rate,
                          bool bytes);

}  // namespace rill::cli
