// The REST server over a registry of hand-made jobs: every route, status code and body, the
// steering calls that reach the job, a port in use, and HTTPS (with and without client
// certificates).
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ops/job_json.hpp"
#include "ops/rest_server.hpp"
#include "tests/ops/sample_jobs.hpp"
#include "tests/ops/test_pki.hpp"

using nlohmann::json;
using namespace rill;

namespace {

// A registry with a running job (job-1, steered through `control`) and one that has ended
// (job-2, DONE: its control was dropped when it was published ended).
struct Jobs {
  JobRegistry registry;
  std::shared_ptr<ops_test::RecordingControl> control =
      std::make_shared<ops_test::RecordingControl>();
  std::shared_ptr<ops_test::RecordingControl> ended_control =
      std::make_shared<ops_test::RecordingControl>();
  Jobs() {
    registry.add(ops_test::running_job("job-1", "wordcount"), control);
    JobStatus etl = ops_test::ended_job("job-2", "etl", LiveState::kRunning);
    registry.add(etl, ended_control);
    etl.state = LiveState::kDone;
    registry.publish(etl);
  }
};

json body_of(const httplib::Result& r) {
  REQUIRE(r);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  return json::parse(r->body);
}

}  // namespace

TEST_CASE("GET /jobs lists summaries and GET /jobs/ID gives the whole job") {
  Jobs jobs;
  RestServer rest(jobs.registry);
  CHECK(rest.port() > 0);
  CHECK(rest.url() == "http://127.0.0.1:" + std::to_string(rest.port()));
  httplib::Client client("127.0.0.1", rest.port());

  auto r = client.Get("/jobs");
  REQUIRE(r);
  CHECK(r->status == 200);
  const json list = body_of(r);
  REQUIRE(list.size() == 2);
  CHECK(list[0] == job_summary_json(ops_test::running_job("job-1", "wordcount")));
  CHECK(list[1]["id"] == "job-2");
  CHECK(list[1]["state"] == "DONE");

  r = client.Get("/jobs/job-1");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(body_of(r) == json(ops_test::running_job("job-1", "wordcount")));

  // What the runtime publishes next is what the next request sees.
  JobStatus later = ops_test::running_job("job-1", "wordcount");
  later.state = LiveState::kDraining;
  later.steps[0].elements_out = 2000;
  jobs.registry.publish(later);
  const json now = body_of(client.Get("/jobs/job-1"));
  CHECK(now["state"] == "DRAINING");
  CHECK(now["steps"][0]["elements_out"] == 2000);

  r = client.Get("/jobs/nope");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(body_of(r) == json{{"error", "no job 'nope'"}});
}

TEST_CASE("POST /jobs/ID/ACTION steers the job and answers 202") {
  Jobs jobs;
  RestServer rest(jobs.registry);
  httplib::Client client("127.0.0.1", rest.port());
  auto accepted = [&](const std::string& path, const std::string& action) {
    const auto r = client.Post(path);
    REQUIRE(r);
    CHECK(r->status == 202);
    CHECK(body_of(r) == json{{"id", "job-1"}, {"action", action}, {"accepted", true}});
  };
  accepted("/jobs/job-1/savepoint?dir=%2Ftmp%2Fsp%201", "savepoint");
  accepted("/jobs/job-1/savepoint", "savepoint");
  accepted("/jobs/job-1/drain", "drain");
  accepted("/jobs/job-1/stop?dir=/tmp/sp2", "stop");
  accepted("/jobs/job-1/stop", "stop");
  accepted("/jobs/job-1/cancel?reason=maintenance%20window", "cancel");
  accepted("/jobs/job-1/cancel", "cancel");
  // A form body works as the query does (a browser's form).
  const auto form =
      client.Post("/jobs/job-1/cancel", "reason=from+a+form", "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 202);
  CHECK(jobs.control->calls() ==
        std::vector<std::string>{"savepoint:/tmp/sp 1", "savepoint:", "drain", "stop:/tmp/sp2",
                                 "stop:", "cancel:maintenance window",
                                 "cancel:cancelled through the REST API", "cancel:from a form"});
}

TEST_CASE("steering an unknown job, an ended job or with an unknown action is refused") {
  Jobs jobs;
  RestServer rest(jobs.registry);
  httplib::Client client("127.0.0.1", rest.port());
  auto refused = [&](const std::string& path, int status, const std::string& error) {
    const auto r = client.Post(path);
    REQUIRE(r);
    CHECK(r->status == status);
    CHECK(body_of(r) == json{{"error", error}});
  };
  refused("/jobs/nope/cancel", 404, "no job 'nope'");
  refused("/jobs/job-2/cancel", 409, "job job-2 has ended (DONE)");
  refused("/jobs/job-2/drain", 409, "job job-2 has ended (DONE)");
  refused("/jobs/job-1/pause", 404, "unknown action 'pause' (cancel, drain, stop, savepoint)");
  CHECK(jobs.control->calls().empty());
  CHECK(jobs.ended_control->calls().empty());

  // A job that runs but was registered without a control cannot be steered.
  jobs.registry.add(ops_test::running_job("job-3", "watch-only"), nullptr);
  refused("/jobs/job-3/drain", 409, "job job-3 cannot be steered from this process");
}

TEST_CASE("GET /metrics, GET / and routes that do not exist") {
  Jobs jobs;
  RestServer rest(jobs.registry);
  httplib::Client client("127.0.0.1", rest.port());

  auto r = client.Get("/metrics");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
  CHECK(r->body.find("# TYPE rill_step_elements_in_total counter\n") != std::string::npos);
  CHECK(r->body.find("rill_step_elements_in_total{job=\"wordcount\",job_id=\"job-1\","
                     "step=\"Count\"} 5000\n") != std::string::npos);
  CHECK(r->body.find("rill_job_state{job=\"etl\",job_id=\"job-2\",state=\"DONE\"} 1\n") !=
        std::string::npos);

  r = client.Get("/");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("text/html", 0) == 0);
  CHECK(r->body.find("<html") != std::string::npos);

  for (const auto& path : {"/nothing", "/jobs/", "/jobs/job-1/cancel", "/jobs/job-1/x/y"}) {
    r = client.Get(path);
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 404, path);
    CHECK(body_of(r) == json{{"error", std::string("no route GET ") + path}});
  }
  r = client.Delete("/jobs/job-1");
  REQUIRE(r);
  CHECK(r->status == 404);
  r = client.Post("/jobs");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(jobs.control->calls().empty());
}

TEST_CASE("a port in use is refused; a stopped server no longer answers") {
  Jobs jobs;
  int port = 0;
  {
    RestServer first(jobs.registry);
    port = first.port();
    CHECK_THROWS_WITH_AS(RestServer(jobs.registry, RestOptions{.host = "127.0.0.1", .port = port}),
                         doctest::Contains("cannot listen on 127.0.0.1:"), std::runtime_error);
    CHECK_THROWS_AS(RestServer(jobs.registry, RestOptions{.host = "192.0.2.1"}),
                    std::runtime_error);
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(true);
    REQUIRE(client.Get("/jobs"));  // a kept-alive connection does not hold up the destructor
  }
  httplib::Client client("127.0.0.1", port);
  const auto r = client.Get("/jobs");
  CHECK(!r);
  CHECK(r.error() == httplib::Error::Connection);
  // The port is free again, at once.
  RestServer again(jobs.registry, RestOptions{.host = "127.0.0.1", .port = port});
  CHECK(again.port() == port);
}

namespace {

httplib::Result get_tls(const RestServer& rest, const ops_test::Pki& pki, bool with_client_cert) {
  auto client = with_client_cert
                    ? std::make_unique<httplib::SSLClient>(
                          "127.0.0.1", rest.port(), pki.file("client.pem"), pki.file("client.key"))
                    : std::make_unique<httplib::SSLClient>("127.0.0.1", rest.port());
  client->set_ca_cert_path(pki.file("ca.pem"));
  client->enable_server_certificate_verification(true);
  return client->Get("/jobs");
}

}  // namespace

TEST_CASE("with a certificate and key the server speaks HTTPS only") {
  Jobs jobs;
  ops_test::Pki pki;
  RestOptions options;
  options.tls_certificate = pki.file("server.pem");
  options.tls_key = pki.file("server.key");
  RestServer rest(jobs.registry, options);
  CHECK(rest.url() == "https://127.0.0.1:" + std::to_string(rest.port()));
  auto r = get_tls(rest, pki, false);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body).size() == 2);
  httplib::Client plain("127.0.0.1", rest.port());
  CHECK(!plain.Get("/jobs"));

  SUBCASE("an encrypted key with its passphrase") {
    options.tls_key = pki.file("server-enc.key");
    options.tls_passphrase = "secret";
    RestServer encrypted(jobs.registry, options);
    r = get_tls(encrypted, pki, false);
    REQUIRE(r);
    CHECK(r->status == 200);
    options.tls_passphrase = "wrong";
    CHECK_THROWS_WITH_AS(RestServer(jobs.registry, options),
                         doctest::Contains("cannot use the TLS certificate"), std::runtime_error);
  }
  SUBCASE("files that are missing or do not match") {
    options.tls_key = pki.file("client.key");
    CHECK_THROWS_AS(RestServer(jobs.registry, options), std::runtime_error);
    options.tls_key = pki.file("missing.key");
    CHECK_THROWS_AS(RestServer(jobs.registry, options), std::runtime_error);
    options.tls_key = "";
    CHECK_THROWS_WITH_AS(RestServer(jobs.registry, options),
                         doctest::Contains("both a certificate and a key"), std::runtime_error);
  }
}

TEST_CASE("with a client CA the server asks clients for a certificate signed by it") {
  Jobs jobs;
  ops_test::Pki pki;
  RestOptions options;
  options.tls_certificate = pki.file("server.pem");
  options.tls_key = pki.file("server.key");
  options.tls_client_ca = pki.file("ca.pem");
  RestServer rest(jobs.registry, options);
  CHECK(!get_tls(rest, pki, false));
  const auto r = get_tls(rest, pki, true);
  REQUIRE(r);
  CHECK(r->status == 200);
}
