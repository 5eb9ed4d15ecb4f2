// The REST API against a real running job in this process (PipelineOptions::rest_port): the
// job is listed, described with counters that grow, exported on /metrics, and drained,
// stopped and cancelled through POST.
#include <doctest/doctest.h>

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "io/collect.hpp"
#include "ops/job_json.hpp"
#include "ops/rest_endpoint.hpp"
#include "rill.hpp"
#include "tests/actors/registry_wait.hpp"
#include "tests/actors/tick_source.hpp"

using namespace rill;
namespace fs = std::filesystem;

namespace {

// The port of this process's REST API: one server for every test (as a program would have).
int rest_port() {
  static const int port = [] {
    const std::string url = serve_jobs_over_rest(RestOptions{});
    return std::stoi(url.substr(url.rfind(':') + 1));
  }();
  return port;
}

nlohmann::json get_json(const std::string& path, int* status = nullptr) {
  httplib::Client c("127.0.0.1", rest_port());
  auto r = c.Get(path.c_str());
  REQUIRE_MESSAGE(r, "GET " << path << " failed");
  if (status) *status = r->status;
  return nlohmann::json::parse(r->body);
}

int post(const std::string& path) {
  httplib::Client c("127.0.0.1", rest_port());
  auto r = c.Post(path.c_str());
  REQUIRE_MESSAGE(r, "POST " << path << " failed");
  return r->status;
}

int64_t elements_out(const JobStatus& s, const std::string& step) {
  for (const auto& st : s.steps)
    if (st.step == step) return st.elements_out;
  return -1;
}

// The value of the first sample of `metric` whose labels contain `label` in the text.
double sample(const std::string& text, const std::string& metric, const std::string& label) {
  size_t at = 0;
  while ((at = text.find(metric + "{", at)) != std::string::npos) {
    const size_t end = text.find('\n', at);
    const std::string line = text.substr(at, end - at);
    at = end;
    if (line.find(label) == std::string::npos) continue;
    return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return -1;
}

// A streaming job (ticks counted per key) served on the REST port, cancelled at the end.
PipelineHandle start_streaming(const std::string& name, const std::string& checkpoint_dir) {
  PipelineOptions o;
  o.parallelism = 2;
  o.metrics_interval = 50;
  o.job_name = name;
  o.rest_port = rest_port();  // the server above: the job finds it running
  o.checkpoint_dir = checkpoint_dir;
  if (!checkpoint_dir.empty()) o.checkpoint_interval = 200;
  Pipeline p{o};
  p | test::Ticks{"Ticks"} |
      Map("Key",
          [](int64_t x) {
            return KV<int64_t, int64_t>{x % 4, 1};
          }) |
      CombinePerKey("Count", combine::Sum<int64_t>{}) | io::Collect("Out");
  return p.start();
}

struct StreamingJob {
  PipelineHandle job;
  std::string id;
  explicit StreamingJob(const std::string& name, const std::string& checkpoint_dir = "")
      : job(start_streaming(name, checkpoint_dir)), id(test::wait_for_job(name).id) {}
  ~StreamingJob() { job.cancel("the test ended"); }
};

}  // namespace

TEST_CASE("REST: a running job is listed, described with growing counters, and on /metrics") {
  StreamingJob j("rest-live");
  int status = 0;
  bool listed = false;
  for (const auto& job : get_json("/jobs", &status))
    listed =
        listed || (job["id"] == j.id && job["name"] == "rest-live" && job["state"] == "RUNNING");
  CHECK(status == 200);
  CHECK(listed);
  auto first = job_status_from_json(get_json("/jobs/" + j.id, &status));
  CHECK(status == 200);
  CHECK(first.state == LiveState::kRunning);
  CHECK(first.name == "rest-live");
  REQUIRE(first.stages.size() >= 2);
  bool grew = false;
  int64_t last = elements_out(first, "Ticks");
  for (int i = 0; i < 40 && !grew; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto s = job_status_from_json(get_json("/jobs/" + j.id));
    const int64_t n = elements_out(s, "Ticks");
    CHECK(n >= last);
    grew = n > last && last > 0;
    last = n;
  }
  CHECK(grew);
  httplib::Client c("127.0.0.1", rest_port());
  auto m = c.Get("/metrics");
  REQUIRE(m);
  CHECK(m->status == 200);
  const double a = sample(m->body, "rill_step_elements_out_total", "step=\"Ticks\"");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const double b =
      sample(c.Get("/metrics")->body, "rill_step_elements_out_total", "step=\"Ticks\"");
  CHECK(a > 0);
  CHECK(b >= a);
  CHECK(m->body.find("rill_job_system_lag_seconds{") != std::string::npos);
  get_json("/jobs/no-such-job", &status);
  CHECK(status == 404);
}

TEST_CASE("REST: POST drain ends a streaming job DRAINED; POST cancel, CANCELLED; then 409") {
  {
    StreamingJob j("rest-drain");
    CHECK(post("/jobs/" + j.id + "/drain") == 202);
    CHECK(j.job.wait().state == JobState::kDrained);
    const auto s = job_status_from_json(get_json("/jobs/" + j.id));
    CHECK(s.state == LiveState::kDrained);
    CHECK(post("/jobs/" + j.id + "/cancel") == 409);  // it has ended
  }
  {
    StreamingJob j("rest-cancel");
    CHECK(post("/jobs/" + j.id + "/cancel") == 202);
    const auto r = j.job.wait();
    CHECK(r.state == JobState::kCancelled);
    CHECK(job_status_from_json(get_json("/jobs/" + j.id)).state == LiveState::kCancelled);
  }
}

TEST_CASE("REST: POST savepoint writes one and the job goes on; POST stop ends it STOPPED") {
  const fs::path dir = fs::temp_directory_path() / ("rill-rest-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    StreamingJob j("rest-stop", (dir / "ckpt").string());
    const std::string sp = (dir / "sp").string();
    CHECK(post("/jobs/" + j.id + "/savepoint?dir=" + sp) == 202);
    bool written = false;
    for (int i = 0; i < 200 && !written; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      for (const auto& c : job_status_from_json(get_json("/jobs/" + j.id)).checkpoints)
        written = written || c.savepoint == sp;
    }
    CHECK(written);
    CHECK(fs::exists(fs::path(sp) / "_metadata"));
    CHECK(job_status_from_json(get_json("/jobs/" + j.id)).state == LiveState::kRunning);
    CHECK(post("/jobs/" + j.id + "/stop") == 202);
    const auto r = j.job.wait();
    CHECK(r.state == JobState::kStopped);
    CHECK(!r.checkpoints.savepoint.empty());
  }
  fs::remove_all(dir);
}
