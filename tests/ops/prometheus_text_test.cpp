// The /metrics text, read back by a small parser of the exposition format 0.0.4: each family's
// HELP and TYPE once and before its samples, samples grouped by family, the names and label
// sets promised, escaped label values, no duplicate series, and a cumulative histogram.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "ops/prometheus_text.hpp"
#include "tests/ops/sample_jobs.hpp"

using namespace rill;

namespace {

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  std::string value;
  double number() const {
    if (value == "+Inf") return INFINITY;
    return std::stod(value);
  }
};

struct Exposition {
  std::map<std::string, std::string> type, help;
  std::vector<Sample> samples;
  std::map<std::string, std::string> family_of;  // sample name -> family

  std::vector<Sample> find(const std::string& name, const Labels& subset = {}) const {
    std::vector<Sample> out;
    for (const auto& s : samples) {
      if (s.name != name) continue;
      bool match = true;
      for (const auto& [k, v] : subset) match &= s.labels.count(k) && s.labels.at(k) == v;
      if (match) out.push_back(s);
    }
    return out;
  }
  double value(const std::string& name, const Labels& labels) const {
    const auto found = find(name, labels);
    REQUIRE_MESSAGE(found.size() == 1, name);
    return found[0].number();
  }
};

// The family a sample name belongs to, given the families declared so far.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& type) {
  if (type.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      const std::string base = name.substr(0, name.size() - s.size());
      const auto it = type.find(base);
      if (it != type.end() &&
          (it->second == "histogram" || (it->second == "summary" && s != "_bucket")))
        return base;
    }
  }
  return "";
}

Labels parse_labels(const std::string& text, size_t& i) {
  Labels labels;
  REQUIRE(text[i] == '{');
  ++i;
  while (text[i] != '}') {
    const size_t eq = text.find('=', i);
    const std::string key = text.substr(i, eq - i);
    REQUIRE(text[eq + 1] == '"');
    std::string value;
    for (i = eq + 2; text[i] != '"'; ++i) {
      if (text[i] != '\\') {
        value += text[i];
        continue;
      }
      const char c = text[++i];
      REQUIRE((c == '\\' || c == '"' || c == 'n'));
      value += c == 'n' ? '\n' : c;
    }
    CHECK_MESSAGE(!labels.count(key), "label twice: " << key);
    labels[key] = value;
    ++i;
    if (text[i] == ',') ++i;
  }
  ++i;
  return labels;
}

Exposition parse(const std::string& text) {
  REQUIRE((text.empty() || text.back() == '\n'));
  Exposition e;
  std::set<std::string> closed;  // families whose samples have ended
  std::string current;
  std::set<std::pair<std::string, Labels>> series;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    REQUIRE(!line.empty());
    if (line.rfind("# ", 0) == 0) {
      std::istringstream words(line.substr(2));
      std::string what, name, rest;
      words >> what >> name;
      std::getline(words, rest);
      REQUIRE(!rest.empty());
      rest = rest.substr(1);
      if (what == "HELP") {
        CHECK_MESSAGE(!e.help.count(name), "HELP twice: " << name);
        e.help[name] = rest;
      } else {
        REQUIRE(what == "TYPE");
        CHECK_MESSAGE(!e.type.count(name), "TYPE twice: " << name);
        CHECK(std::set<std::string>{"counter", "gauge", "histogram", "summary"}.count(rest));
        CHECK_MESSAGE(e.help.count(name), "HELP before TYPE: " << name);
        e.type[name] = rest;
        if (!current.empty()) closed.insert(current);
        current = name;
      }
      continue;
    }
    Sample s;
    size_t i = line.find_first_of("{ ");
    s.name = line.substr(0, i);
    if (line[i] == '{') s.labels = parse_labels(line, i);
    REQUIRE(line[i] == ' ');
    s.value = line.substr(i + 1);
    CHECK_MESSAGE(s.value.find(' ') == std::string::npos, "no timestamps: " << line);
    const std::string family = family_of(s.name, e.type);
    CHECK_MESSAGE(family == current, "sample outside its family: " << line);
    CHECK(!closed.count(family));
    CHECK_MESSAGE(series.insert({s.name, s.labels}).second, "series twice: " << line);
    e.family_of[s.name] = family;
    e.samples.push_back(s);
  }
  return e;
}

std::set<std::string> label_names(const Sample& s) {
  std::set<std::string> out;
  for (const auto& [k, v] : s.labels) out.insert(k);
  return out;
}

}  // namespace

TEST_CASE("every family has its type, its label set, and the job's values") {
  JobStatus other = ops_test::running_job("job-2", "wordcount");  // same name, another id
  other.steps[1].step = "we\"ird\\step\nname";
  const Exposition e = parse(prometheus_text({ops_test::running_job(), other}));

  const std::set<std::string> job{"job", "job_id"}, step{"job", "job_id", "step"},
      user{"job", "job_id", "step", "name"};
  const std::map<std::string, std::pair<std::string, std::set<std::string>>> expected{
      {"rill_job_state", {"gauge", {"job", "job_id", "state"}}},
      {"rill_step_elements_in_total", {"counter", step}},
      {"rill_step_elements_out_total", {"counter", step}},
      {"rill_step_busy_seconds_total", {"counter", step}},
      {"rill_step_backpressured_seconds_total", {"counter", step}},
      {"rill_step_idle_seconds_total", {"counter", step}},
      {"rill_step_input_watermark_seconds", {"gauge", step}},
      {"rill_step_late_dropped_total", {"counter", step}},
      {"rill_step_malformed_total", {"counter", step}},
      {"rill_source_backlog_bytes", {"gauge", step}},
      {"rill_job_data_watermark_age_seconds", {"gauge", job}},
      {"rill_job_system_lag_seconds", {"gauge", job}},
      {"rill_job_restarts_total", {"counter", job}},
      {"rill_checkpoints_total", {"counter", {"job", "job_id", "status"}}},
      {"rill_checkpoint_duration_seconds", {"histogram", job}},
      {"rill_checkpoint_size_bytes", {"gauge", job}},
      {"rill_user_counter_total", {"counter", user}},
      {"rill_user_distribution", {"summary", user}},
      {"rill_user_distribution_min", {"gauge", user}},
      {"rill_user_distribution_max", {"gauge", user}},
      {"rill_user_gauge", {"gauge", user}},
  };
  // No source knows its backlog in elements here: that family is left out.
  CHECK(e.type.size() == expected.size());
  for (const auto& [name, want] : expected) {
    REQUIRE_MESSAGE(e.type.count(name), name);
    CHECK_MESSAGE(e.type.at(name) == want.first, name);
    CHECK_MESSAGE(!e.help.at(name).empty(), name);
  }
  for (const auto& s : e.samples) {
    const std::string family = e.family_of.at(s.name);
    std::set<std::string> want = expected.at(family).second;
    if (s.name == "rill_checkpoint_duration_seconds_bucket") want.insert("le");
    CHECK_MESSAGE(label_names(s) == want, s.name);
    CHECK(s.labels.at("job") == "wordcount");
  }

  const Labels count{{"job_id", "job-1"}, {"step", "Count"}};
  CHECK(e.value("rill_step_elements_in_total", count) == 5000);
  CHECK(e.value("rill_step_elements_out_total", count) == 300);
  CHECK(e.value("rill_step_busy_seconds_total", count) == 3);
  CHECK(e.value("rill_step_backpressured_seconds_total", count) == 0.5);
  CHECK(e.value("rill_step_idle_seconds_total", count) == 0.5);
  CHECK(e.value("rill_step_late_dropped_total", count) == 7);
  CHECK(e.value("rill_step_input_watermark_seconds", count) == 1'700'000'060);
  CHECK(e.value("rill_step_malformed_total", {{"job_id", "job-1"}, {"step", "Split"}}) == 2);
  // Only steps with a watermark, only sources that know their backlog.
  CHECK(e.find("rill_step_input_watermark_seconds", {{"job_id", "job-1"}}).size() == 2);
  CHECK(e.find("rill_step_input_watermark_seconds", {{"step", "Read"}}).empty());
  CHECK(e.find("rill_source_backlog_bytes").size() == 2);
  CHECK(e.value("rill_source_backlog_bytes", {{"job_id", "job-1"}, {"step", "Read"}}) == 4096);
  // The label value with a quote, a backslash and a newline reads back as it was.
  CHECK(e.value("rill_step_elements_in_total",
                {{"job_id", "job-2"}, {"step", "we\"ird\\step\nname"}}) == 1000);

  const Labels job1{{"job_id", "job-1"}};
  CHECK(e.value("rill_job_state", {{"job_id", "job-1"}, {"state", "RUNNING"}}) == 1);
  CHECK(e.value("rill_job_state", {{"job_id", "job-1"}, {"state", "DONE"}}) == 0);
  CHECK(e.find("rill_job_state", job1).size() == 8);
  CHECK(e.value("rill_job_data_watermark_age_seconds", job1) == 12.5);
  CHECK(e.value("rill_job_system_lag_seconds", job1) == 0.75);
  CHECK(e.value("rill_job_restarts_total", job1) == 1);
  CHECK(e.value("rill_checkpoints_total", {{"job_id", "job-1"}, {"status", "completed"}}) == 2);
  CHECK(e.value("rill_checkpoints_total", {{"job_id", "job-1"}, {"status", "declined"}}) == 1);
  CHECK(e.value("rill_checkpoint_size_bytes", job1) == 2048);  // the last completed one

  const Labels words{{"job_id", "job-1"}, {"step", "Split"}, {"name", "words"}};
  const Labels lengths{{"job_id", "job-1"}, {"step", "Split"}, {"name", "word_length"}};
  CHECK(e.value("rill_user_counter_total", words) == 5000);
  CHECK(e.value("rill_user_distribution_count", lengths) == 5000);
  CHECK(e.value("rill_user_distribution_sum", lengths) == 21000);
  CHECK(e.value("rill_user_distribution_min", lengths) == 1);
  CHECK(e.value("rill_user_distribution_max", lengths) == 17);
  CHECK(e.value("rill_user_gauge", {{"job_id", "job-1"}, {"name", "last_count"}}) == 42);
}

TEST_CASE("the checkpoint duration histogram is cumulative and ends at +Inf with _count") {
  JobStatus job = ops_test::running_job();
  job.checkpoint_durations_seconds = {0.004, 0.04, 0.04, 0.3, 2.5, 7, 120};
  const Exposition e = parse(prometheus_text({job}));
  const auto buckets = e.find("rill_checkpoint_duration_seconds_bucket");
  REQUIRE(buckets.size() == checkpoint_duration_buckets().size() + 1);
  double previous_le = -INFINITY, previous_count = 0;
  std::map<double, double> by_le;
  for (const auto& b : buckets) {
    const double le = b.labels.at("le") == "+Inf" ? INFINITY : std::stod(b.labels.at("le"));
    CHECK(le > previous_le);  // in order
    CHECK(b.number() >= previous_count);
    previous_le = le;
    previous_count = b.number();
    by_le[le] = b.number();
  }
  CHECK(buckets.back().labels.at("le") == "+Inf");
  CHECK(buckets.back().number() == 7);
  CHECK(e.value("rill_checkpoint_duration_seconds_count", {}) == 7);
  CHECK(e.value("rill_checkpoint_duration_seconds_sum", {}) ==
        doctest::Approx(0.004 + 0.04 + 0.04 + 0.3 + 2.5 + 7 + 120));
  CHECK(by_le.at(0.01) == 1);
  CHECK(by_le.at(0.05) == 3);
  CHECK(by_le.at(0.5) == 4);
  CHECK(by_le.at(5) == 5);
  CHECK(by_le.at(60) == 6);
}

TEST_CASE("what is not known yet has no sample") {
  JobStatus fresh = ops_test::ended_job("job-3", "etl", LiveState::kDone);
  fresh.steps[0].input_watermark_ms = INT64_MIN;
  UserMetricValue empty{"Read", "sizes", UserMetricValue::Kind::kDistribution};
  fresh.user_metrics = {empty};
  const Exposition e = parse(prometheus_text({fresh}));
  CHECK(!e.type.count("rill_step_input_watermark_seconds"));
  CHECK(!e.type.count("rill_job_data_watermark_age_seconds"));  // -1: no data watermark yet
  CHECK(!e.type.count("rill_source_backlog_elements"));
  CHECK(!e.type.count("rill_checkpoint_size_bytes"));  // no completed checkpoint
  CHECK(!e.type.count("rill_user_distribution_min"));  // no value recorded
  CHECK(e.value("rill_user_distribution_count", {}) == 0);
  CHECK(e.value("rill_checkpoint_duration_seconds_count", {}) == 0);
  CHECK(e.value("rill_job_state", {{"state", "DONE"}}) == 1);
  CHECK(e.value("rill_step_elements_out_total", {{"step", "Read"}}) == 10);

  CHECK(prometheus_text({}).empty());
}
