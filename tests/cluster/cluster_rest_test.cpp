// The REST API of a cluster's coordinator over a streaming job running on two worker
// processes. The coordinator runs in this process through start_node() (as a user's own
// program would), so its REST API outlives the job and a request after the end can be
// answered; the workers are `rill run event-counts --rill.role=worker` processes. Over HTTP:
// GET /jobs lists the job RUNNING, GET /jobs/ID shows counters that grow (reported by the
// workers' partitions), GET /metrics exports them, POST drain is accepted (202), the job ends
// DRAINED with every window of what it read written, and a later POST is refused (409).
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "actors/node_runner.hpp"
#include "examples/nexmark/event_counts.hpp"
#include "ops/job_json.hpp"
#include "tests/cluster/cluster_run.hpp"
#include "tests/examples/event_counts_check.hpp"

namespace {

using namespace cluster_test;
using gaming_test::TempDir;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr int64_t kRate = 4000, kWindowMs = 100;      // a window of 1000 events every 0.25 s
constexpr int64_t kEventsPerWindow = kWindowMs * 10;  // an event every 100 us of event time

// The event-counts job as `rill run event-counts --output=OUTPUT --rate=4000 --window-ms=100`
// builds it, template parameters included: the workers check that their definition is the
// coordinator's.
void build_job(rill::Pipeline& p, const std::string& output) {
  rill::examples::nexmark::build_event_counts(p, {output, 0, kRate, kWindowMs});
  p.graph().set_parameter("output", output);
  p.graph().set_parameter("events", "0");
  p.graph().set_parameter("rate", std::to_string(kRate));
  p.graph().set_parameter("window-ms", std::to_string(kWindowMs));
}

struct Http {
  httplib::Client client;
  explicit Http(int port) : client("127.0.0.1", port) { client.set_read_timeout(10, 0); }
  json get(const std::string& path, int* status = nullptr) {
    auto r = client.Get(path.c_str());
    REQUIRE_MESSAGE(r, "GET " << path << " failed");
    if (status) *status = r->status;
    return json::parse(r->body);
  }
  std::string text(const std::string& path) {
    auto r = client.Get(path.c_str());
    REQUIRE_MESSAGE(r, "GET " << path << " failed");
    return r->body;
  }
  int post(const std::string& path) {
    auto r = client.Post(path.c_str());
    REQUIRE_MESSAGE(r, "POST " << path << " failed");
    return r->status;
  }
};

// The id of the job named `name` once GET /jobs lists it RUNNING (30 s at most: the workers
// start first).
std::string running_id(Http& http, const std::string& name) {
  for (int i = 0; i < 600; ++i) {
    // The coordinator starts listening on its own thread, after start_node() returned.
    if (auto r = http.client.Get("/jobs"))
      for (const auto& j : json::parse(r->body))
        if (j["name"] == name && j["state"] == "RUNNING") return j["id"];
    std::this_thread::sleep_for(50ms);
  }
  FAIL("job " << name << " never listed RUNNING");
  return "";
}

int64_t elements_out(const rill::JobStatus& s, const std::string& step) {
  for (const auto& st : s.steps)
    if (st.step == step) return st.elements_out;
  return -1;
}

// The value of the sample of `metric` with these labels in the Prometheus text; -1 without.
double sample(const std::string& text, const std::string& metric, const std::string& labels) {
  const std::string head = metric + "{" + labels + "} ";
  const size_t at = text.find(head);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + head.size(), text.find('\n', at) - at - head.size()));
}

}  // namespace

TEST_CASE("REST on a cluster's coordinator: a streaming job listed, watched, drained") {
  TempDir dir;
  const std::string output = dir.file("out/counts");
  const std::string coordinator_port = std::to_string(free_port());
  const int rest_port = free_port();
  const Args node = {"--rill.coordinator-port=" + coordinator_port,
                     "--rill.heartbeat-interval=250ms", "--rill.connection-timeout=5s"};
  const Args worker = concat(
      {RILL_BIN, "run", "event-counts", "--output=" + output, "--rate=" + std::to_string(kRate),
       "--window-ms=" + std::to_string(kWindowMs), "--rill.role=worker"},
      node);
  NodeProcess w0(worker, dir.file("w0")), w1(worker, dir.file("w1"));

  Args coordinator = concat({"--rill.role=coordinator", "--rill.workers=2"}, node);
  const rill::NodeSettings settings = rill::parse_node_settings(coordinator);
  rill::PipelineOptions o;
  o.job_name = "event-counts";
  o.rest_port = rest_port;  // the coordinator serves it (8081 by default)
  o.metrics_interval = 100;
  rill::Pipeline p{o};
  build_job(p, output);
  rill::PipelineHandle job = rill::start_node(p, settings);
  struct CancelAtExit {
    rill::PipelineHandle& job;
    ~CancelAtExit() { job.cancel("the test ended"); }
  } guard{job};
  auto logs = [&] {
    return "--- worker 0:\n" + w0.out() + w0.err() + "--- worker 1:\n" + w1.out() + w1.err();
  };
  INFO(logs());

  Http http(rest_port);
  const std::string id = running_id(http, "event-counts");
  const std::string path = "/jobs/" + id;

  // Counters reported by the workers' partitions grow from one read to the next.
  int status = 0;
  rill::JobStatus first = rill::job_status_from_json(http.get(path, &status));
  CHECK(status == 200);
  for (int i = 0; i < 100 && elements_out(first, "Events") <= 0; ++i) {
    std::this_thread::sleep_for(50ms);
    first = rill::job_status_from_json(http.get(path));
  }
  REQUIRE(elements_out(first, "Events") > 0);
  CHECK(first.state == rill::LiveState::kRunning);
  REQUIRE(first.stages.size() == 3);
  CHECK(first.stages[0].parallelism == 2);  // one slot on each worker
  for (const char* step :
       {"Events", "Window", "Kind", "Count/Partial", "Count/Merge", "Format", "Write"})
    CHECK_MESSAGE(elements_out(first, step) >= 0, step);
  rill::JobStatus second = first;
  for (int i = 0; i < 100 && elements_out(second, "Events") <= elements_out(first, "Events"); ++i) {
    std::this_thread::sleep_for(50ms);
    second = rill::job_status_from_json(http.get(path));
  }
  CHECK(elements_out(second, "Events") > elements_out(first, "Events"));
  CHECK(elements_out(second, "Kind") >= elements_out(first, "Kind"));

  // Prometheus text: the same counters, labelled with the job.
  const std::string labels = "job=\"event-counts\",job_id=\"" + id + "\",step=\"Kind\"";
  const double in = sample(http.text("/metrics"), "rill_step_elements_in_total", labels);
  CHECK(in > 0);
  CHECK(sample(http.text("/metrics"), "rill_job_state",
               "job=\"event-counts\",job_id=\"" + id + "\",state=\"RUNNING\"") == 1);

  // Drain, once a few windows have closed: accepted; the job ends DRAINED and every window of
  // what it read is written.
  for (int i = 0; i < 200 && elements_out(second, "Events") < 3 * kEventsPerWindow; ++i) {
    std::this_thread::sleep_for(50ms);
    second = rill::job_status_from_json(http.get(path));
  }
  CHECK(http.post(path + "/drain") == 202);
  const rill::PipelineResult r = job.wait();
  REQUIRE(r.state == rill::JobState::kDrained);
  const rill::JobStatus end = rill::job_status_from_json(http.get(path, &status));
  CHECK(status == 200);
  CHECK(end.state == rill::LiveState::kDrained);
  CHECK(end.end_time_ms >= end.start_time_ms);
  const int64_t read = r.step("Events")->elements_out;
  CHECK(elements_out(end, "Events") == read);
  CHECK(read >= elements_out(second, "Events"));
  int64_t complete = 0;
  CHECK(event_counts_test::check_drained_counts(gaming_test::output_lines(output), kWindowMs, read,
                                                &complete) == "");
  CHECK(complete >= 2);

  // The job has ended: a later action is refused, naming its state.
  CHECK(http.post(path + "/drain") == 409);
  CHECK(http.post(path + "/cancel") == 409);
  CHECK(http.get(path + "/cancel").contains("error"));  // GET of an action: no such route
  for (NodeProcess* w : {&w0, &w1}) {
    const auto code = w->wait_for(10s);
    REQUIRE(code.has_value());
    CHECK(*code == 0);
    CHECK(w->out().find("job DONE") != std::string::npos);
  }
}
