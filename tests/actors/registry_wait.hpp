#pragma once
// Finding a job run in this process by its name in the process's JobRegistry (process_jobs(),
// what the REST API serves), for tests that start a pipeline and then watch or steer it.
//   JobStatus s = test::wait_for_job("ticks", [](const JobStatus& s) { return s.restarts > 0; });
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include "ops/job_registry.hpp"

namespace rill::test {

// The newest registry entry of the job named `name` once `pred` holds for it; after `limit`,
// the last entry seen (the caller's checks then say what is missing). Fails the test (fatal)
// if no such job appears at all.
template <class Pred>
JobStatus wait_for_job(const std::string& name, Pred pred,
                       std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    const auto jobs = process_jobs().list();
    const JobStatus* newest = nullptr;
    for (auto it = jobs.rbegin(); it != jobs.rend() && !newest; ++it)
      if (it->name == name) newest = &*it;
    const bool late = std::chrono::steady_clock::now() >= until;
    if (newest && (pred(*newest) || late)) return *newest;
    if (late) {
      FAIL("job '" << name << "' never appeared in the registry");
      return {};  // not reached: FAIL throws
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// The newest registry entry of the job named `name`, in whatever state (20 s for it to appear).
inline JobStatus wait_for_job(const std::string& name) {
  return wait_for_job(name, [](const JobStatus&) { return true; });
}

}  // namespace rill::test
