#include "cli/jobs_tables.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <ctime>
#include <sstream>

#include "windowing/timestamp.hpp"

namespace rill::cli {

namespace {

// Columns padded to their widest cell, two spaces apart; numbers aligned right.
class Table {
 public:
  Table(std::vector<std::string> header, std::vector<bool> right = {}) : right_(std::move(right)) {
    right_.resize(header.size(), false);
    rows_.push_back(std::move(header));
  }
  void row(std::vector<std::string> cells) {
    cells.resize(rows_[0].size());
    rows_.push_back(std::move(cells));
  }
  std::string text(const std::string& indent) const {
    std::vector<size_t> width(rows_[0].size(), 0);
    for (const auto& r : rows_)
      for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    std::string out;
    for (const auto& r : rows_) {
      std::string line = indent;
      for (size_t c = 0; c < r.size(); ++c) {
        const std::string pad(width[c] - r[c].size(), ' ');
        line += right_[c] ? pad + r[c] : r[c] + (c + 1 < r.size() ? pad : "");
        if (c + 1 < r.size()) line += "  ";
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + '\n';
    }
    return out;
  }

 private:
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string bytes(double n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (n >= 1024 && u < 4) {
    n /= 1024;
    ++u;
  }
  return u == 0 ? fixed(n, 0) + " B" : fixed(n, 1) + " " + units[u];
}

// A key or message as one readable line: control bytes as \n, \t, \xNN.
std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7f)
      out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::string share(double part, double total) {
  return total > 0 ? fixed(100 * part / total, 0) + "%" : "-";
}

// "2023-11-14 22:13:20" (UTC), with ".123" when `millis`.
std::string format_utc(int64_t ms, bool millis) {
  const int64_t floor_secs = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
  const auto secs = static_cast<std::time_t>(floor_secs);
  std::tm tm{};
  if (!::gmtime_r(&secs, &tm)) return "?";
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  if (millis)
    std::snprintf(buf + n, sizeof buf - n, ".%03d", static_cast<int>(ms - floor_secs * 1000));
  return buf;
}

std::string watermark(int64_t ms) {
  if (ms == INT64_MIN) return "-";
  if (ms >= kMaxTimestamp) return "end of time";
  if (ms <= kMinTimestamp) return "start of time";
  return format_utc(ms, true);
}

std::string uptime(const JobStatus& job, int64_t now_ms) {
  if (job.start_time_ms == 0) return "-";
  const int64_t end = job.end_time_ms != 0 ? job.end_time_ms : now_ms;
  return human_duration(static_cast<double>(std::max<int64_t>(0, end - job.start_time_ms)) / 1000);
}

std::string stage_inputs(const StageStatus& s) {
  if (s.inputs.empty()) return "-";
  std::string out;
  for (const auto& in : s.inputs) {
    if (!out.empty()) out += ", ";
    out += std::to_string(in.from_stage) + " (" + in.kind + (in.side ? ", side" : "") + ")";
  }
  return out;
}

std::string backlog(const StepStatus& s) {
  if (s.backlog_elements >= 0) return std::to_string(s.backlog_elements);
  if (s.backlog_bytes >= 0) return bytes(static_cast<double>(s.backlog_bytes));
  return "-";
}

std::string header(const JobStatus& job, int64_t now_ms) {
  std::ostringstream out;
  out << "Job " << job.id << " (" << job.name << ")\n";
  out << "  State:          " << to_string(job.state) << "\n";
  out << "  Started:        " << utc_time(job.start_time_ms) << " UTC\n";
  if (job.end_time_ms != 0) out << "  Ended:          " << utc_time(job.end_time_ms) << " UTC\n";
  out << "  " << (job.end_time_ms != 0 ? "Ran:            " : "Uptime:         ")
      << uptime(job, now_ms) << "\n";
  if (!job.error.empty()) out << "  Error:          " << printable(job.error) << "\n";
  out << "  Watermark age:  "
      << (job.data_watermark_age_seconds >= 0 ? human_duration(job.data_watermark_age_seconds)
                                              : "-")
      << "\n";
  out << "  System lag:     " << human_duration(job.system_lag_seconds) << "\n";
  if (job.refreshed_ms != 0) out << "  Refreshed:      " << utc_time(job.refreshed_ms) << " UTC\n";
  return out.str();
}

std::string stages(const JobStatus& job) {
  Table t({"#", "STAGE", "PARALLELISM", "INPUTS"}, {true, false, true, false});
  for (size_t i = 0; i < job.stages.size(); ++i) {
    const auto& s = job.stages[i];
    t.row({std::to_string(i), s.name, std::to_string(s.parallelism), stage_inputs(s)});
  }
  return "\nStages\n" + t.text("  ");
}

std::string steps(const JobStatus& job) {
  Table t({"STEP", "STAGE", "IN", "OUT", "WATERMARK", "BUSY", "BACKPRESSURED", "IDLE", "BACKLOG",
           "LATE", "MALFORMED"},
          {false, true, true, true, false, true, true, true, true, true, true});
  for (const auto& s : job.steps) {
    const double total = s.busy_seconds + s.backpressured_seconds + s.idle_seconds;
    t.row({s.step, std::to_string(s.stage), std::to_string(s.elements_in),
           std::to_string(s.elements_out), watermark(s.input_watermark_ms),
           share(s.busy_seconds, total), share(s.backpressured_seconds, total),
           share(s.idle_seconds, total), backlog(s), std::to_string(s.dropped_late),
           std::to_string(s.malformed)});
  }
  return "\nSteps\n" + t.text("  ");
}

constexpr size_t kCheckpointsShown = 5;

std::string checkpoints(const JobStatus& job) {
  std::string out = "\nCheckpoints: " + std::to_string(job.checkpoints_completed) + " completed, " +
                    std::to_string(job.checkpoints_declined) + " declined\n";
  if (job.checkpoints.empty()) return out;
  Table t({"ID", "STATUS", "STARTED (UTC)", "DURATION", "SIZE", "NOTE"},
          {true, false, false, true, true, false});
  const size_t shown = std::min(kCheckpointsShown, job.checkpoints.size());
  for (size_t i = 0; i < shown; ++i) {  // newest first
    const auto& c = job.checkpoints[job.checkpoints.size() - 1 - i];
    const bool completed = c.status == "COMPLETED";
    std::string note = printable(c.reason);
    if (!c.savepoint.empty()) note = "savepoint " + c.savepoint;
    t.row({std::to_string(c.id), c.status, utc_time(c.started_ms),
           human_duration(static_cast<double>(c.duration_ms) / 1000),
           completed ? bytes(static_cast<double>(c.size_bytes)) : "-", note});
  }
  if (shown < job.checkpoints.size()) out += "  (the last " + std::to_string(shown) + ")\n";
  return out + t.text("  ");
}

std::string restarts(const JobStatus& job) {
  std::string out = "\nRestarts: " + std::to_string(job.restarts) + "\n";
  for (const auto& line : job.restart_log) out += "  " + printable(line) + "\n";
  return out;
}

std::string hot_keys(const JobStatus& job) {
  if (job.hot_keys.empty()) return "";
  // COUNT may be over by at most ERROR (a space-saving sketch).
  Table t({"STEP", "KEY", "COUNT", "ERROR"}, {false, false, true, true});
  for (const auto& k : job.hot_keys)
    t.row({k.step, printable(k.key), std::to_string(k.count), std::to_string(k.error)});
  return "\nHot keys\n" + t.text("  ");
}

std::string metric_value(const UserMetricValue& m) {
  switch (m.kind) {
    case UserMetricValue::Kind::kCounter:
      return std::to_string(m.value);
    case UserMetricValue::Kind::kGauge:
      return std::to_string(m.value) +
             (m.timestamp_ms != 0 ? " (set " + utc_time(m.timestamp_ms) + " UTC)" : "");
    case UserMetricValue::Kind::kDistribution:
      if (m.count == 0) return "count 0";
      return "count " + std::to_string(m.count) + ", sum " + std::to_string(m.sum) + ", min " +
             std::to_string(m.min) + ", max " + std::to_string(m.max) + ", mean " +
             fixed(static_cast<double>(m.sum) / static_cast<double>(m.count), 2);
  }
  return "";
}

std::string user_metrics(const JobStatus& job) {
  if (job.user_metrics.empty()) return "";
  Table t({"STEP", "NAME", "KIND", "VALUE"});
  for (const auto& m : job.user_metrics) {
    const char* kind = m.kind == UserMetricValue::Kind::kCounter ? "counter"
                       : m.kind == UserMetricValue::Kind::kGauge ? "gauge"
                                                                 : "distribution";
    t.row({m.step, printable(m.name), kind, metric_value(m)});
  }
  return "\nUser metrics\n" + t.text("  ");
}

}  // namespace

std::string utc_time(int64_t ms) {
  return ms == 0 ? "-" : format_utc(ms, false);
}

std::string human_duration(double seconds) {
  if (seconds < 0) return "-";
  if (seconds < 1) return fixed(seconds * 1000, 0) + "ms";
  if (seconds < 60) return fixed(seconds, seconds < 10 ? 2 : 1) + "s";
  const auto s = static_cast<int64_t>(seconds);
  char buf[48];
  if (s < 3600)
    std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  else if (s < 86400)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(s / 3600),
                  static_cast<long long>(s % 3600 / 60));
  else
    std::snprintf(buf, sizeof buf, "%lldd%02lldh", static_cast<long long>(s / 86400),
                  static_cast<long long>(s % 86400 / 3600));
  return buf;
}

std::string jobs_table(const std::vector<JobStatus>& jobs, int64_t now_ms) {
  Table t({"ID", "NAME", "STATE", "STARTED (UTC)", "UPTIME"});
  for (const auto& j : jobs)
    t.row({j.id, j.name, to_string(j.state), utc_time(j.start_time_ms), uptime(j, now_ms)});
  return t.text("");
}

std::string job_description(const JobStatus& job, int64_t now_ms) {
  return header(job, now_ms) + stages(job) + steps(job) + checkpoints(job) + restarts(job) +
         hot_keys(job) + user_metrics(job);
}

}  // namespace rill::cli
