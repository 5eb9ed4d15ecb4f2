#include "ops/job_registry.hpp"

namespace rill {

namespace {
constexpr size_t kKeptJobs = 100;
}

void JobRegistry::add(JobStatus status, std::shared_ptr<JobControl> control) {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.push_back(Entry{std::move(status), std::move(control)});
  // Forget the oldest ended jobs beyond the limit; running ones stay.
  for (size_t i = 0; entries_.size() > kKeptJobs && i < entries_.size();) {
    if (is_final(entries_[i].status.state))
      entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
    else
      ++i;
  }
}

void JobRegistry::publish(const JobStatus& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& e : entries_) {
    if (e.status.id != status.id) continue;
    e.status = status;
    if (is_final(status.state)) e.control.reset();
    return;
  }
}

std::vector<JobStatus> JobRegistry::list() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<JobStatus> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(e.status);
  return out;
}

std::optional<JobStatus> JobRegistry::find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& e : entries_)
    if (e.status.id == id) return e.status;
  return std::nullopt;
}

std::shared_ptr<JobControl> JobRegistry::control(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& e : entries_)
    if (e.status.id == id) return e.control.lock();
  return nullptr;
}

JobRegistry& process_jobs() {
  static JobRegistry registry;
  return registry;
}

}  // namespace rill
