// `rill jobs` against a REST server in this process over hand-made jobs: every command, in
// tables and JSON, what reaches the job, and every error with its exit status.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "ops/job_json.hpp"
#include "ops/rest_server.hpp"
#include "tests/cli/cli_run.hpp"
#include "tests/ops/sample_jobs.hpp"
#include "tests/ops/test_pki.hpp"

using nlohmann::json;
using namespace rill;
using cli_test::Run;
using cli_test::TempDir;

namespace {

// job-1 wordcount RUNNING (steered through `control`); job-2 etl DONE; job-3 wordcount
// CANCELLED (an earlier run of the same name); job-4 and job-5, both RUNNING "twin".
struct Served {
  JobRegistry registry;
  std::shared_ptr<ops_test::RecordingControl> control =
      std::make_shared<ops_test::RecordingControl>();
  std::shared_ptr<ops_test::RecordingControl> others =
      std::make_shared<ops_test::RecordingControl>();
  std::unique_ptr<RestServer> rest;
  TempDir dir;

  explicit Served(RestOptions options = {}) {
    registry.add(ops_test::running_job("job-1", "wordcount"), control);
    registry.add(ops_test::ended_job("job-2", "etl", LiveState::kDone), nullptr);
    registry.add(ops_test::ended_job("job-3", "wordcount", LiveState::kCancelled), nullptr);
    registry.add(ops_test::running_job("job-4", "twin"), others);
    registry.add(ops_test::running_job("job-5", "twin"), others);
    rest = std::make_unique<RestServer>(registry, options);
  }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(rest->port()); }
  Run jobs(const std::string& args) {
    return cli_test::rill("jobs " + args + " --endpoint=" + endpoint(), dir.path);
  }
  Run jobs_without_endpoint(const std::string& args) {
    return cli_test::rill("jobs " + args, dir.path);
  }
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Fails with exit status 2, one "rill jobs: ..." line on stderr that says `message`, no output.
void refused(const Run& r, const std::string& message) {
  CHECK(r.status == 2);
  CHECK_MESSAGE(has(r.err, "rill jobs: " + message), r.err);
  CHECK(r.err.find('\n') == r.err.size() - 1);
  CHECK(r.out.empty());
}

}  // namespace

TEST_CASE("rill jobs list: a table, or JSON with id, name and state") {
  Served s;
  Run r = s.jobs("list");
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  std::istringstream lines(r.out);
  std::string header, line;
  std::getline(lines, header);
  CHECK(header.rfind("ID     NAME       STATE      STARTED (UTC)        UPTIME", 0) == 0);
  std::getline(lines, line);
  CHECK(line.rfind("job-1  wordcount  RUNNING    2023-11-14 22:13:20  ", 0) == 0);
  std::getline(lines, line);
  CHECK(line == "job-2  etl        DONE       2023-11-14 22:13:20  1m30s");
  std::getline(lines, line);
  CHECK(line == "job-3  wordcount  CANCELLED  2023-11-14 22:13:20  1m30s");

  r = s.jobs("list --format=json");
  REQUIRE(r.status == 0);
  const json list = json::parse(r.out);
  REQUIRE(list.size() == 5);
  for (const auto& j : list)
    for (const char* key : {"id", "name", "state"}) CHECK(j.contains(key));
  CHECK(list[0]["id"] == "job-1");
  CHECK(list[0]["state"] == "RUNNING");
  CHECK(list[1]["name"] == "etl");

  // The endpoint from the environment; --endpoint wins over it.
  ::setenv("RILL_ENDPOINT", s.endpoint().c_str(), 1);
  r = s.jobs_without_endpoint("list --format json");
  CHECK(r.status == 0);
  CHECK(json::parse(r.out).size() == 5);
  ::setenv("RILL_ENDPOINT", "127.0.0.1:1", 1);
  CHECK(s.jobs("list").status == 0);
  ::unsetenv("RILL_ENDPOINT");
}

TEST_CASE(
    "rill jobs describe: the header, stages, steps, checkpoints, restarts, hot keys, "
    "user metrics") {
  Served s;
  Run r = s.jobs("describe job-1");
  REQUIRE(r.status == 0);
  const std::string& out = r.out;
  CHECK(has(out, "Job job-1 (wordcount)\n"));
  CHECK(has(out, "  State:          RUNNING\n"));
  CHECK(has(out, "  Started:        2023-11-14 22:13:20 UTC\n"));
  CHECK(has(out, "  Watermark age:  12.5s\n"));
  CHECK(has(out, "  System lag:     750ms\n"));
  CHECK(has(out,
            "\nStages\n  #  STAGE        PARALLELISM  INPUTS\n"
            "  0  Read+Split             2  -\n"
            "  1  Count+Write            2  0 (hash)\n"));
  CHECK(has(out,
            "\nSteps\n  STEP   STAGE    IN   OUT  WATERMARK                BUSY  "
            "BACKPRESSURED  IDLE  BACKLOG  LATE  MALFORMED\n"));
  CHECK(has(out,
            "  Read       0     0  1000  -                         75%            12%   12%  "
            "4.0 KiB     0          0\n"));
  CHECK(has(out,
            "  Count      1  5000   300  2023-11-14 22:14:20.000   75%            12%   12%  "
            "      -     7          0\n"));
  CHECK(has(out, "\nCheckpoints: 2 completed, 1 declined\n"));
  CHECK(has(out, "3  COMPLETED  2023-11-14 22:13:50     2.50s  2.0 KiB  savepoint /tmp/sp-3\n"));
  CHECK(
      has(out, "2  DECLINED   2023-11-14 22:13:40       5ms        -  a partition was restarting"));
  CHECK(out.find("  3  COMPLETED") < out.find("  1  COMPLETED"));  // newest first
  CHECK(has(out, "\nRestarts: 1\n  Count partition 1 failed: boom; restored checkpoint 1\n"));
  CHECK(has(out, "\nHot keys\n"));
  CHECK(has(out, "  Count  the      900      3\n"));
  CHECK(has(out, "  Count  a\"b\\c    400      0\n"));
  CHECK(has(out, "\nUser metrics\n"));
  CHECK(has(out, "  Split  words        counter       5000\n"));
  CHECK(has(out,
            "  Split  word_length  distribution  count 5000, sum 21000, min 1, max 17, "
            "mean 4.20\n"));
  CHECK(has(out, "  Count  last_count   gauge         42 (set 2023-11-14 22:14:10 UTC)\n"));

  r = s.jobs("describe job-2");
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "  State:          DONE\n"));
  CHECK(has(r.out, "  Ended:          2023-11-14 22:14:50 UTC\n  Ran:            1m30s\n"));
  CHECK(has(r.out, "\nCheckpoints: 0 completed, 0 declined\n\nRestarts: 0\n"));
  CHECK(!has(r.out, "Hot keys"));

  // A name that picks one job: etl; wordcount's running job rather than its cancelled run.
  r = s.jobs("describe etl");
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "Job job-2 (etl)\n"));
  r = s.jobs("describe wordcount --format=json");
  REQUIRE(r.status == 0);
  CHECK(json::parse(r.out) == json(ops_test::running_job("job-1", "wordcount")));
}

TEST_CASE("rill jobs cancel, drain, stop, savepoint reach the job") {
  Served s;
  Run r = s.jobs("cancel job-1 --reason='maintenance window'");
  REQUIRE(r.status == 0);
  CHECK(r.out == "cancel requested for job job-1 (wordcount)\n");
  r = s.jobs("cancel wordcount");
  REQUIRE(r.status == 0);
  r = s.jobs("drain job-1");
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "drain requested for job job-1 (wordcount): "));
  r = s.jobs("stop job-1 --dir=/tmp/save points");
  CHECK(r.status == 2);  // "points" is a second JOB
  r = s.jobs("stop job-1 --dir='/tmp/save points'");
  REQUIRE(r.status == 0);
  CHECK(has(r.out,
            "stop with a savepoint requested for job job-1 (wordcount) (into /tmp/save "
            "points): it ends STOPPED"));
  r = s.jobs("stop job-1");
  REQUIRE(r.status == 0);
  r = s.jobs("savepoint job-1 --dir /tmp/sp");
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "savepoint requested for job job-1 (wordcount) (into /tmp/sp)"));
  r = s.jobs("savepoint job-1 --format=json");
  REQUIRE(r.status == 0);
  CHECK(json::parse(r.out) == json{{"id", "job-1"}, {"action", "savepoint"}, {"accepted", true}});
  CHECK(s.control->calls() == std::vector<std::string>{"cancel:maintenance window",
                                                       "cancel:cancelled through the REST API",
                                                       "drain", "stop:/tmp/save points",
                                                       "stop:", "savepoint:/tmp/sp", "savepoint:"});
  CHECK(s.others->calls().empty());
}

TEST_CASE("rill jobs refuses bad usage, unknown and ended jobs with exit status 2") {
  Served s;
  ::unsetenv("RILL_ENDPOINT");
  refused(s.jobs_without_endpoint("list"), "missing --endpoint=HOST:PORT (or RILL_ENDPOINT)");
  for (const char* bad : {"localhost", "127.0.0.1:99999", "127.0.0.1:", ":8081",
                          "http://127.0.0.1:8081/jobs", "ftp://127.0.0.1:8081", "[::1"})
    refused(s.jobs_without_endpoint(std::string("list --endpoint=") + bad),
            "--endpoint needs HOST:PORT (or http://HOST:PORT, https://HOST:PORT), not '" +
                std::string(bad) + "'");
  refused(s.jobs_without_endpoint(""), "missing command (list, describe, cancel, drain, stop");
  refused(s.jobs("pause job-1"), "unknown command 'pause'");
  for (const char* verb : {"describe", "cancel", "drain", "stop", "savepoint"})
    refused(s.jobs(verb), std::string(verb) + " needs a JOB");
  refused(s.jobs("list job-1"), "list takes no JOB");
  refused(s.jobs("cancel job-1 --dir=/tmp/x"), "--dir is an option of stop and savepoint");
  refused(s.jobs("drain job-1 --reason=x"), "--reason is an option of cancel");
  refused(s.jobs("list --format=yaml"), "--format is table or json, not 'yaml'");
  refused(s.jobs("list --verbose"), "unknown option --verbose");
  refused(s.jobs("describe job-1 job-2"), "unexpected argument 'job-2'");

  const std::string at = "at http://" + s.endpoint() + " (see 'rill jobs list')";
  refused(s.jobs("describe nope"), "no job 'nope' " + at);
  for (const char* verb : {"cancel", "drain", "stop", "savepoint"})
    refused(s.jobs(std::string(verb) + " nope"), "no job 'nope' " + at);
  refused(s.jobs("cancel job-2"), "job job-2 has ended (DONE)");
  refused(s.jobs("drain etl"), "job job-2 has ended (DONE)");
  refused(s.jobs("stop job-3"), "job job-3 has ended (CANCELLED)");
  refused(s.jobs("cancel twin"), "the name 'twin' matches 2 jobs (job-4, job-5): give an id");
  CHECK(s.control->calls().empty());
  CHECK(s.others->calls().empty());
}

TEST_CASE("rill jobs: an endpoint that cannot be reached, a server that fails") {
  TempDir dir;
  int port = 0;
  {
    JobRegistry empty;
    RestServer gone(empty);
    port = gone.port();
    const Run r =
        cli_test::rill("jobs list --endpoint=127.0.0.1:" + std::to_string(port), dir.path);
    CHECK(r.status == 0);
    CHECK(r.out == "no jobs\n");
  }
  const std::string endpoint = "127.0.0.1:" + std::to_string(port);
  for (const char* verb : {"list", "describe job-1", "cancel job-1"})
    refused(cli_test::rill(std::string("jobs ") + verb + " --endpoint=" + endpoint, dir.path),
            "cannot reach http://" + endpoint + ": connection refused");
  refused(cli_test::rill("jobs list --endpoint=no-such-host.invalid:8081", dir.path),
          "cannot reach http://no-such-host.invalid:8081: ");

  // Anything else the server answers is a failure of the server: exit status 1.
  httplib::Server broken;
  broken.Get("/jobs", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content(R"({"error":"registry on fire"})", "application/json");
  });
  const int broken_port = broken.bind_to_any_port("127.0.0.1");
  std::thread serve([&] { broken.listen_after_bind(); });
  while (!broken.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const Run r =
      cli_test::rill("jobs list --endpoint=127.0.0.1:" + std::to_string(broken_port), dir.path);
  broken.stop();
  serve.join();
  CHECK(r.status == 1);
  CHECK(r.err == "rill jobs: the server answered HTTP 500: registry on fire\n");
}

TEST_CASE("rill jobs over HTTPS, with the CA and a client certificate") {
  ops_test::Pki pki;
  RestOptions options;
  options.tls_certificate = pki.file("server.pem");
  options.tls_key = pki.file("server.key");
  options.tls_client_ca = pki.file("ca.pem");
  Served s(options);
  const std::string https = "jobs list --endpoint=https://" + s.endpoint();
  const std::string client =
      " --tls-certificate=" + pki.file("client.pem") + " --tls-key=" + pki.file("client.key");
  Run r = cli_test::rill(https + " --tls-ca=" + pki.file("ca.pem") + client, s.dir.path);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "job-1  wordcount"));
  r = cli_test::rill("jobs cancel job-1 --endpoint=https://" + s.endpoint() +
                         " --tls-ca=" + pki.file("ca.pem") + client,
                     s.dir.path);
  CHECK(r.status == 0);
  CHECK(s.control->calls() == std::vector<std::string>{"cancel:cancelled through the REST API"});

  refused(cli_test::rill(https + client, s.dir.path),
          "cannot reach https://" + s.endpoint() + ": the server's certificate cannot be verified");
  refused(cli_test::rill(https + " --tls-ca=" + pki.file("ca.pem"), s.dir.path),
          "cannot reach https://" + s.endpoint() + ": the server closed the connection");
  refused(cli_test::rill("jobs list --endpoint=" + s.endpoint(), s.dir.path),
          "cannot reach http://" + s.endpoint() + ": ");
  refused(cli_test::rill("jobs list --endpoint=" + s.endpoint() + " --tls-ca=x", s.dir.path),
          "--tls-ca, --tls-certificate and --tls-key need an https:// endpoint");
}

TEST_CASE("rill jobs --help, and rill --help names it") {
  TempDir dir;
  for (const char* args : {"jobs --help", "jobs -h", "jobs list --help"}) {
    const Run r = cli_test::rill(args, dir.path);
    CHECK(r.status == 0);
    CHECK(has(r.out, "usage: rill jobs list"));
    CHECK(has(r.out, "--endpoint=HOST:PORT"));
  }
  const Run r = cli_test::rill("--help", dir.path);
  CHECK(r.status == 0);
  CHECK(
      has(r.out, "rill jobs list|describe|cancel|drain|stop|savepoint [JOB] --endpoint=HOST:PORT"));
}
