#include "cli/jobs_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/jobs_client.hpp"
#include "cli/jobs_tables.hpp"
#include "ops/job_json.hpp"
#include "options/usage_error.hpp"

namespace rill::cli {

namespace {

using nlohmann::json;

// A refusal worth exit status 2 (unknown job, ended job), as opposed to a server failure.
class JobRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ServerFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct JobsArgs {
  std::string verb, job;
  std::string endpoint;
  bool json = false;
  std::optional<std::string> dir, reason;
  ClientTls tls;
};

const std::vector<std::string> kVerbs = {"list",  "describe", "cancel",
                                         "drain", "stop",     "savepoint"};

JobsArgs parse_args(const std::vector<std::string>& args) {
  JobsArgs a;
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;
  const std::vector<std::string> known = {"endpoint", "format",          "dir",    "reason",
                                          "tls-ca",   "tls-certificate", "tls-key"};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      positional.push_back(arg);
      continue;
    }
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw UsageError("unknown option " + arg.substr(0, eq) + " (see 'rill jobs --help')");
    if (eq != std::string::npos)
      options[name] = arg.substr(eq + 1);
    else if (i + 1 < args.size())
      options[name] = args[++i];
    else
      throw UsageError("--" + name + " needs a value");
  }
  if (positional.empty())
    throw UsageError(
        "missing command (list, describe, cancel, drain, stop, savepoint; see 'rill jobs --help')");
  a.verb = positional[0];
  if (std::find(kVerbs.begin(), kVerbs.end(), a.verb) == kVerbs.end())
    throw UsageError("unknown command '" + a.verb +
                     "' (list, describe, cancel, drain, stop, savepoint)");
  if (positional.size() > 2) throw UsageError("unexpected argument '" + positional[2] + "'");
  if (positional.size() == 2) {
    if (a.verb == "list") throw UsageError("list takes no JOB");
    a.job = positional[1];
  } else if (a.verb != "list") {
    throw UsageError(a.verb + " needs a JOB (an id or a name; see 'rill jobs list')");
  }

  if (options.count("endpoint")) {
    a.endpoint = options["endpoint"];
  } else if (const char* env = std::getenv("RILL_ENDPOINT"); env && *env) {
    a.endpoint = env;
  } else {
    throw UsageError(
        "missing --endpoint=HOST:PORT (or RILL_ENDPOINT): the REST port of a rill "
        "run (--rest-port) or coordinator");
  }
  if (options.count("format")) {
    const std::string& f = options["format"];
    if (f != "json" && f != "table") throw UsageError("--format is table or json, not '" + f + "'");
    a.json = f == "json";
  }
  if (options.count("dir")) {
    if (a.verb != "stop" && a.verb != "savepoint")
      throw UsageError("--dir is an option of stop and savepoint");
    if (options["dir"].empty()) throw UsageError("--dir needs a directory");
    a.dir = options["dir"];
  }
  if (options.count("reason")) {
    if (a.verb != "cancel") throw UsageError("--reason is an option of cancel");
    a.reason = options["reason"];
  }
  a.tls.ca = options["tls-ca"];
  a.tls.certificate = options["tls-certificate"];
  a.tls.key = options["tls-key"];
  return a;
}

std::string error_of(const HttpReply& r) {
  try {
    const json j = json::parse(r.body);
    if (j.is_object() && j.contains("error") && j["error"].is_string()) return j["error"];
  } catch (const json::exception&) {
  }
  return r.body.empty() ? "no message" : r.body;
}

json parse_body(const HttpReply& r) {
  try {
    return json::parse(r.body);
  } catch (const json::exception& e) {
    throw ServerFailed(std::string("the server's reply is not JSON: ") + e.what());
  }
}

// Fails on anything but `expected`: 404 and 409 are refusals, the rest server failures.
void expect(const HttpReply& r, int expected) {
  if (r.status == expected) return;
  if (r.status == 404 || r.status == 409) throw JobRefused(error_of(r));
  throw ServerFailed("the server answered HTTP " + std::to_string(r.status) + ": " + error_of(r));
}

std::vector<JobStatus> list_jobs(JobsClient& client) {
  const HttpReply r = client.get("/jobs");
  expect(r, 200);
  const json list = parse_body(r);
  if (!list.is_array()) throw ServerFailed("GET /jobs did not answer a JSON array");
  std::vector<JobStatus> jobs;
  try {
    for (const auto& j : list) jobs.push_back(job_status_from_json(j));
  } catch (const std::invalid_argument& e) {
    throw ServerFailed(e.what());
  }
  return jobs;
}

// The job JOB names: its id, or else its name when that picks one job (a running one, if
// jobs of that name have run before). Returns GET /jobs/ID's reply.
HttpReply find_job(JobsClient& client, const std::string& job) {
  HttpReply r = client.get("/jobs/" + url_encode(job));
  if (r.status != 404) return r;
  std::vector<JobStatus> named;
  for (auto& j : list_jobs(client))
    if (j.name == job) named.push_back(std::move(j));
  if (named.size() > 1) {
    std::vector<JobStatus> running;
    for (const auto& j : named)
      if (!is_final(j.state)) running.push_back(j);
    if (running.size() == 1) named = running;
  }
  if (named.empty())
    throw JobRefused("no job '" + job + "' at " + client.endpoint().url() +
                     " (see 'rill jobs list')");
  if (named.size() > 1) {
    std::string ids;
    for (const auto& j : named) ids += (ids.empty() ? "" : ", ") + j.id;
    throw JobRefused("the name '" + job + "' matches " + std::to_string(named.size()) + " jobs (" +
                     ids + "): give an id");
  }
  return client.get("/jobs/" + url_encode(named[0].id));
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string accepted_message(const JobsArgs& a, const JobStatus& job) {
  const std::string who = "job " + job.id + " (" + job.name + ")";
  if (a.verb == "cancel") return "cancel requested for " + who;
  if (a.verb == "drain")
    return "drain requested for " + who +
           ": sources stop, every window fires, the output is published; it ends DRAINED";
  if (a.verb == "stop")
    return "stop with a savepoint requested for " + who + (a.dir ? " (into " + *a.dir + ")" : "") +
           ": it ends STOPPED once the savepoint is written (a job without checkpoints goes on)";
  return "savepoint requested for " + who + (a.dir ? " (into " + *a.dir + ")" : "") +
         ": 'rill jobs describe " + job.id + "' shows it once written";
}

int run(const JobsArgs& a) {
  JobsClient client(parse_endpoint(a.endpoint), a.tls);
  if (a.verb == "list") {
    if (a.json) {
      const HttpReply r = client.get("/jobs");
      expect(r, 200);
      std::cout << dump_json(parse_body(r), 2) << "\n";
      return 0;
    }
    const auto jobs = list_jobs(client);
    if (jobs.empty())
      std::cout << "no jobs\n";
    else
      std::cout << jobs_table(jobs, now_ms());
    return 0;
  }
  const HttpReply found = find_job(client, a.job);
  expect(found, 200);
  const json job_json = parse_body(found);
  JobStatus job;
  try {
    job = job_status_from_json(job_json);
  } catch (const std::invalid_argument& e) {
    throw ServerFailed(e.what());
  }
  if (a.verb == "describe") {
    if (a.json)
      std::cout << dump_json(job_json, 2) << "\n";
    else
      std::cout << job_description(job, now_ms());
    return 0;
  }
  std::string path = "/jobs/" + url_encode(job.id) + "/" + a.verb;
  if (a.dir) path += "?dir=" + url_encode(*a.dir);
  if (a.reason) path += "?reason=" + url_encode(*a.reason);
  const HttpReply r = client.post(path);
  expect(r, 202);
  if (a.json)
    std::cout << dump_json(parse_body(r), 2) << "\n";
  else
    std::cout << accepted_message(a, job) << "\n";
  return 0;
}

}  // namespace

const char* jobs_usage() {
  return "usage: rill jobs list [--endpoint=HOST:PORT] [--format=table|json]\n"
         "       rill jobs describe JOB [--endpoint=HOST:PORT] [--format=table|json]\n"
         "       rill jobs cancel JOB [--reason=TEXT] [--endpoint=...]\n"
         "       rill jobs drain JOB [--endpoint=...]\n"
         "       rill jobs stop JOB [--dir=DIR] [--endpoint=...]\n"
         "       rill jobs savepoint JOB [--dir=DIR] [--endpoint=...]\n"
         "  JOB                 a job's id, or its name when that picks one job\n"
         "  --endpoint=HOST:PORT  the REST API of a `rill run --rest-port` or a coordinator\n"
         "                      (http:// or https:// in front; default: $RILL_ENDPOINT)\n"
         "  --format=json       the server's JSON instead of a table\n"
         "  --reason=TEXT       cancel: why (shown as the job's error)\n"
         "  --dir=DIR           stop, savepoint: copy the savepoint there\n"
         "  --tls-ca=FILE       https: the CA that signed the server's certificate\n"
         "  --tls-certificate=FILE --tls-key=FILE  https: a client certificate, if asked\n"
         "cancel ends the job now, publishing nothing beyond its last commit; drain stops\n"
         "the sources, fires every window and publishes (DRAINED); stop takes a savepoint\n"
         "and ends without publishing (STOPPED; resume with --from-savepoint); savepoint\n"
         "takes one while the job goes on. These are requests: watch with describe.\n"
         "exit status: 0 done; 2 bad usage, unknown job, ended job, unreachable endpoint;\n"
         "1 the server failed\n";
}

int run_jobs_command(const std::vector<std::string>& args) {
  const auto help = [](const std::string& a) { return a == "--help" || a == "-h"; };
  if ((!args.empty() && args[0] == "help") || std::any_of(args.begin(), args.end(), help)) {
    std::cout << jobs_usage();
    return 0;
  }
  try {
    return run(parse_args(args));
  } catch (const UsageError& e) {
    std::cerr << "rill jobs: " << e.what() << "\n";
  } catch (const UnreachableError& e) {
    std::cerr << "rill jobs: " << e.what() << "\n";
  } catch (const JobRefused& e) {
    std::cerr << "rill jobs: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "rill jobs: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace rill::cli
