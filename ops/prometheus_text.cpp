#include "ops/prometheus_text.hpp"

#include <charconv>
#include <climits>
#include <cmath>
#include <functional>
#include <utility>

namespace rill {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Prometheus reads label values as UTF-8: a byte that does not start a well-formed sequence
// (a step name is the user's) becomes U+FFFD.
std::string valid_utf8(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80           ? 1
                       : (c >> 5) == 0x6  ? 2
                       : (c >> 4) == 0xE  ? 3
                       : (c >> 3) == 0x1E ? 4
                                          : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    if (ok) {
      out.append(s, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::string escape_label_value(const std::string& v) {
  std::string out;
  for (char c : valid_utf8(v)) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back
  return std::string(buf, r.ptr);
}

std::string format_value(int64_t v) {
  return std::to_string(v);
}

// One family: its samples are gathered first, so a family without any is left out.
class Family {
 public:
  Family(std::string name, const char* type, const char* help)
      : name_(std::move(name)), type_(type), help_(help) {}

  template <class V>
  void add(const Labels& labels, V value, const char* suffix = "") {
    samples_ += name_ + suffix;
    if (!labels.empty()) {
      samples_ += '{';
      for (size_t i = 0; i < labels.size(); ++i) {
        if (i) samples_ += ',';
        samples_ += labels[i].first + "=\"" + escape_label_value(labels[i].second) + '"';
      }
      samples_ += '}';
    }
    samples_ += ' ' + format_value(value) + '\n';
  }

  void write(std::string& out) const {
    if (samples_.empty()) return;
    out += "# HELP " + name_ + ' ' + help_ + '\n';
    out += "# TYPE " + name_ + ' ' + type_ + '\n';
    out += samples_;
  }

 private:
  std::string name_;
  const char* type_;
  const char* help_;
  std::string samples_;
};

Labels job_labels(const JobStatus& job) {
  return {{"job", job.name}, {"job_id", job.id}};
}

Labels with(Labels labels, const char* name, const std::string& value) {
  labels.emplace_back(name, value);
  return labels;
}

constexpr LiveState kStates[] = {LiveState::kRunning, LiveState::kDraining, LiveState::kRestarting,
                                 LiveState::kDone,    LiveState::kFailed,   LiveState::kCancelled,
                                 LiveState::kDrained, LiveState::kStopped};

// A family with one sample per step, where `value` gives one (false: none for this step).
void step_family(std::string& out, const std::vector<JobStatus>& jobs, const char* name,
                 const char* type, const char* help,
                 const std::function<bool(const StepStatus&, double&)>& value) {
  Family f(name, type, help);
  for (const auto& job : jobs)
    for (const auto& step : job.steps) {
      double v = 0;
      if (value(step, v)) f.add(with(job_labels(job), "step", step.step), v);
    }
  f.write(out);
}

void step_counter(std::string& out, const std::vector<JobStatus>& jobs, const char* name,
                  const char* help, int64_t StepStatus::*field) {
  Family f(name, "counter", help);
  for (const auto& job : jobs)
    for (const auto& step : job.steps) f.add(with(job_labels(job), "step", step.step), step.*field);
  f.write(out);
}

void step_families(std::string& out, const std::vector<JobStatus>& jobs) {
  step_counter(out, jobs, "rill_step_elements_in_total", "Elements a step has received.",
               &StepStatus::elements_in);
  step_counter(out, jobs, "rill_step_elements_out_total", "Elements a step has emitted.",
               &StepStatus::elements_out);
  auto seconds = [&](const char* name, const char* help, double StepStatus::*field) {
    step_family(out, jobs, name, "counter", help, [field](const StepStatus& s, double& v) {
      v = s.*field;
      return true;
    });
  };
  seconds("rill_step_busy_seconds_total",
          "Time the step's partitions spent handling messages (fused steps share their stage's).",
          &StepStatus::busy_seconds);
  seconds("rill_step_backpressured_seconds_total",
          "Time the step's partitions waited for credit to send downstream.",
          &StepStatus::backpressured_seconds);
  seconds("rill_step_idle_seconds_total", "Time the step's partitions waited for input.",
          &StepStatus::idle_seconds);
  step_family(out, jobs, "rill_step_input_watermark_seconds", "gauge",
              "The lowest input watermark over the step's partitions (event time, Unix seconds).",
              [](const StepStatus& s, double& v) {
                v = static_cast<double>(s.input_watermark_ms) / 1000.0;
                return s.input_watermark_ms != INT64_MIN;
              });
  step_counter(out, jobs, "rill_step_late_dropped_total",
               "Elements the step dropped: behind the watermark beyond the allowed lateness.",
               &StepStatus::dropped_late);
  step_counter(out, jobs, "rill_step_malformed_total",
               "Records the step sent to a dead-letter output or skipped as invalid.",
               &StepStatus::malformed);
  step_family(out, jobs, "rill_source_backlog_elements", "gauge",
              "Elements a source has not read yet, where it knows.",
              [](const StepStatus& s, double& v) {
                v = static_cast<double>(s.backlog_elements);
                return s.backlog_elements >= 0;
              });
  step_family(out, jobs, "rill_source_backlog_bytes", "gauge",
              "Bytes a source has not read yet, where it knows (files).",
              [](const StepStatus& s, double& v) {
                v = static_cast<double>(s.backlog_bytes);
                return s.backlog_bytes >= 0;
              });
}

void job_families(std::string& out, const std::vector<JobStatus>& jobs) {
  Family state("rill_job_state", "gauge", "1 for the job's current state, 0 for the others.");
  Family age(
      "rill_job_data_watermark_age_seconds", "gauge",
      "Wall clock minus the data watermark (the lowest input watermark of the last stages).");
  Family lag("rill_job_system_lag_seconds", "gauge",
             "The longest time an element has waited to be processed.");
  Family restarts("rill_job_restarts_total", "counter",
                  "Restarts of the job from a checkpoint after a failure.");
  for (const auto& job : jobs) {
    const Labels labels = job_labels(job);
    for (auto s : kStates) state.add(with(labels, "state", to_string(s)), int64_t{job.state == s});
    if (job.data_watermark_age_seconds >= 0) age.add(labels, job.data_watermark_age_seconds);
    lag.add(labels, job.system_lag_seconds);
    restarts.add(labels, job.restarts);
  }
  for (const auto* f : {&state, &age, &lag, &restarts}) f->write(out);
}

void checkpoint_families(std::string& out, const std::vector<JobStatus>& jobs) {
  Family total("rill_checkpoints_total", "counter", "Checkpoints by outcome.");
  Family duration("rill_checkpoint_duration_seconds", "histogram",
                  "Time from injecting a completed checkpoint's barriers to its metadata written.");
  Family size("rill_checkpoint_size_bytes", "gauge",
              "State written by the last completed checkpoint.");
  for (const auto& job : jobs) {
    const Labels labels = job_labels(job);
    total.add(with(labels, "status", "completed"), job.checkpoints_completed);
    total.add(with(labels, "status", "declined"), job.checkpoints_declined);
    double sum = 0;
    for (double d : job.checkpoint_durations_seconds) sum += d;
    for (double bound : checkpoint_duration_buckets()) {
      int64_t n = 0;
      for (double d : job.checkpoint_durations_seconds) n += d <= bound;
      duration.add(with(labels, "le", format_value(bound)), n, "_bucket");
    }
    const auto count = static_cast<int64_t>(job.checkpoint_durations_seconds.size());
    duration.add(with(labels, "le", "+Inf"), count, "_bucket");
    duration.add(labels, sum, "_sum");
    duration.add(labels, count, "_count");
    for (auto it = job.checkpoints.rbegin(); it != job.checkpoints.rend(); ++it)
      if (it->status == "COMPLETED") {
        size.add(labels, static_cast<double>(it->size_bytes));
        break;
      }
  }
  for (const auto* f : {&total, &duration, &size}) f->write(out);
}

void user_families(std::string& out, const std::vector<JobStatus>& jobs) {
  using Kind = UserMetricValue::Kind;
  Family counter("rill_user_counter_total", "counter", "A user's Counter, summed over partitions.");
  Family dist("rill_user_distribution", "summary",
              "A user's Distribution: how many values were recorded and their sum.");
  Family min("rill_user_distribution_min", "gauge", "The smallest value of a user's Distribution.");
  Family max("rill_user_distribution_max", "gauge", "The largest value of a user's Distribution.");
  Family gauge("rill_user_gauge", "gauge", "A user's Gauge: the latest value set.");
  for (const auto& job : jobs)
    for (const auto& m : job.user_metrics) {
      const Labels labels = with(with(job_labels(job), "step", m.step), "name", m.name);
      if (m.kind == Kind::kCounter) counter.add(labels, m.value);
      if (m.kind == Kind::kGauge) gauge.add(labels, m.value);
      if (m.kind != Kind::kDistribution) continue;
      dist.add(labels, m.count, "_count");
      dist.add(labels, m.sum, "_sum");
      if (m.count == 0) continue;  // min and max mean nothing yet
      min.add(labels, m.min);
      max.add(labels, m.max);
    }
  for (const auto* f : {&counter, &dist, &min, &max, &gauge}) f->write(out);
}

}  // namespace

const std::vector<double>& checkpoint_duration_buckets() {
  static const std::vector<double> bounds{0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60};
  return bounds;
}

std::string prometheus_text(const std::vector<JobStatus>& jobs) {
  std::string out;
  job_families(out, jobs);
  step_families(out, jobs);
  checkpoint_families(out, jobs);
  user_families(out, jobs);
  return out;
}

}  // namespace rill
