// A pipeline across processes on loopback: a coordinator and two workers, each a separate
// process of the same program. Same output as one process; TLS accepted with the cluster's
// CA and refused otherwise; a killed or hung worker fails the job, naming it, within a bound;
// bad settings exit with status 2 before anything starts; credits bound every channel across
// processes, and watermark alignment holds a source's readers together across workers;
// and, where root can make network namespaces, the same run across three.
#include <doctest/doctest.h>

#include <random>

#include "tests/cluster/cluster_run.hpp"
#include "tests/examples/gaming_data.hpp"

namespace {

using namespace cluster_test;
using cluster_test::NodeProcess;
using gaming_test::TempDir;
using namespace std::chrono_literals;

bool model_nothing_published(const std::string& d) {
  return !gaming_test::fs::exists(d) || gaming_test::fs::is_empty(d);
}

int run_local(const Args& argv, const TempDir& dir) {
  NodeProcess p(argv, dir.file("local"));
  return p.wait_for(60s).value_or(-99);
}

void check_same_as_local(const std::string& tmpl, const std::string& input, const TempDir& dir,
                         const Args& coord_extra = {},
                         const std::vector<Args>& workers = {{}, {}}) {
  const Args base = {RILL_BIN, "run", tmpl, "--input=" + input};
  REQUIRE(run_local(concat(base, {"--output=" + dir.file("local/out"), "--parallelism=2"}), dir) ==
          0);
  const auto local = gaming_test::output_lines(dir.file("local/out"));
  REQUIRE(local.size() > 10);
  ClusterRun r =
      run_cluster(dir, concat(base, {"--output=" + dir.file("cluster/out")}), coord_extra, workers);
  std::string logs = r.coordinator_out;
  for (const auto& w : r.worker_out) logs += "\n--- worker:\n" + w;
  INFO(logs);
  REQUIRE(r.coordinator == 0);
  for (size_t i = 0; i < r.workers.size(); ++i) {
    INFO(r.worker_out[i]);
    CHECK(r.workers[i] == 0);
    CHECK(r.worker_out[i].find("job DONE") != std::string::npos);
  }
  size_t shards = 0;
  CHECK(gaming_test::output_lines(dir.file("cluster/out"), &shards) == local);
  CHECK(shards == 2);  // parallelism = the workers' slots
}

// A CA, certificates signed by it, and a foreign CA with one certificate of its own.
struct Pki {
  explicit Pki(const TempDir& dir) : d(dir.file("pki")) {
    gaming_test::fs::create_directories(d);
    sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
       "-subj /CN=rill-ca");
    sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout evil-ca.key -out evil-ca.pem -days 2 "
       "-subj /CN=evil-ca");
    for (const char* n : {"coord", "w0", "w1"}) sign("ca", n);
    sign("evil-ca", "intruder");
  }
  Args node(const std::string& name, const std::string& ca = "ca") const {
    return {"--rill.tls-certificate=" + d + "/" + name + ".pem",
            "--rill.tls-key=" + d + "/" + name + ".key", "--rill.tls-ca=" + d + "/" + ca + ".pem"};
  }
  void sh(const std::string& cmd) const {
    REQUIRE(std::system(("cd " + d + " && " + cmd + " >/dev/null 2>&1").c_str()) == 0);
  }
  void sign(const std::string& ca, const std::string& n) const {
    sh("openssl req -newkey rsa:2048 -nodes -keyout " + n + ".key -out " + n +
       ".csr -subj /CN=" + n);
    sh("openssl x509 -req -in " + n + ".csr -CA " + ca + ".pem -CAkey " + ca +
       ".key -CAcreateserial -out " + n + ".pem -days 2");
  }
  std::string d;
};

}  // namespace

TEST_CASE("wordcount on a coordinator and two workers gives the single-process output") {
  TempDir dir;
  gaming_test::write_file(dir.file("in.txt"), words_text(20000, 3));
  check_same_as_local("wordcount", dir.file("in.txt"), dir);
}

TEST_CASE("hourly-team-score on a coordinator and two workers gives the single-process output") {
  TempDir dir;
  gaming_test::write_file(dir.file("events.csv"), gaming_test::generate_gaming_csv(20000, 11).text);
  check_same_as_local("hourly-team-score", dir.file("events.csv"), dir);
}

TEST_CASE("TLS: certificates from the cluster CA are accepted on every link") {
  TempDir dir;
  Pki pki(dir);
  gaming_test::write_file(dir.file("in.txt"), words_text(5000, 5));
  check_same_as_local("wordcount", dir.file("in.txt"), dir, pki.node("coord"),
                      {pki.node("w0"), pki.node("w1")});
}

TEST_CASE("TLS: a worker with a foreign CA, or without TLS, is refused and the refusal logged") {
  TempDir dir;
  Pki pki(dir);
  gaming_test::write_file(dir.file("in.txt"), words_text(100, 5));
  const Args program = {RILL_BIN,
                        "run",
                        "wordcount",
                        "--input=" + dir.file("in.txt"),
                        "--output=" + dir.file("out/counts"),
                        "--rill.startup-timeout=3s"};
  for (const Args& intruder : {pki.node("intruder", "evil-ca"), Args{}}) {
    ClusterRun r = run_cluster(dir, program, pki.node("coord"), {intruder});
    INFO(r.coordinator_out);
    INFO(r.worker_out[0]);
    CHECK(r.workers[0] == 1);
    CHECK(r.worker_out[0].find("disconnect_during_handshake") != std::string::npos);
    CHECK(r.coordinator == 1);
    CHECK(r.coordinator_out.find("only 0 of 1 workers joined") != std::string::npos);
    CHECK(model_nothing_published(dir.file("out")));
  }
}

namespace {

// A worker that dies (SIGKILL) or hangs (SIGSTOP) while the slow job runs.
void check_lost_worker(int sig) {
  TempDir dir;
  const std::string port = std::to_string(cluster_test::free_port());
  const Args program = {RILL_NODE_BIN,
                        "--n=400000",
                        "--delay-us=200",
                        "--output=" + dir.file("out/sums"),
                        "--rill.coordinator-port=" + port,
                        "--rill.heartbeat-interval=100ms",
                        "--rill.connection-timeout=1s"};
  NodeProcess coord(concat(program, {"--rill.role=coordinator", "--rill.workers=2"}),
                    dir.file("coordinator"));
  const int p0 = cluster_test::free_port(), p1 = cluster_test::free_port();
  NodeProcess w0(concat(program, {"--rill.role=worker", "--rill.port=" + std::to_string(p0)}),
                 dir.file("w0"));
  NodeProcess w1(concat(program, {"--rill.role=worker", "--rill.port=" + std::to_string(p1)}),
                 dir.file("w1"));
  REQUIRE(coord.wait_for_output("job running", 30s));
  std::this_thread::sleep_for(500ms);
  // Data goes worker to worker: the later worker dialled the earlier one's port directly.
  CHECK(cluster_test::accepted_connections({p0, p1}) == 1);
  const auto lost_at = std::chrono::steady_clock::now();
  w1.signal(sig);
  const auto status = coord.wait_for(10s);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - lost_at).count();
  const std::string out = coord.out() + coord.err();
  INFO(out);
  INFO("--- surviving worker:\n" << w0.out() + w0.err());
  REQUIRE(status.has_value());
  CHECK(*status == 1);
  CHECK(seconds < 6.0);  // heartbeat 100 ms, connection timeout 1 s
  CHECK(out.find("job FAILED") != std::string::npos);
  // Named: the worker (its index follows the order of joining), its pid, and the step
  // partitions it held.
  CHECK(out.find("lost worker ") != std::string::npos);
  CHECK(out.find("pid " + std::to_string(w1.pid()) + ")") != std::string::npos);
  CHECK(out.find("step partitions lost: ") != std::string::npos);
  CHECK(out.find("Slow") != std::string::npos);
  // The surviving worker is told and exits; nothing is published.
  const auto w0_status = w0.wait_for(5s);
  const std::string w0_log = w0.out() + w0.err();
  INFO(w0_log);
  REQUIRE(w0_status.has_value());
  CHECK(*w0_status == 1);
  CHECK(model_nothing_published(dir.file("out")));
  if (sig == SIGSTOP) {  // resumed, it finds its coordinator gone and exits by itself
    w1.signal(SIGCONT);
    const auto w1_status = w1.wait_for(10s);
    REQUIRE(w1_status.has_value());
    CHECK(*w1_status == 1);
  }
}

}  // namespace

TEST_CASE("a worker killed mid-run fails the job within seconds, naming it and its partitions") {
  check_lost_worker(SIGKILL);
}

TEST_CASE("a hung worker is detected by heartbeat and fails the job within seconds") {
  check_lost_worker(SIGSTOP);
}

TEST_CASE("workers that lose their coordinator stop and exit") {
  TempDir dir;
  const std::string port = std::to_string(cluster_test::free_port());
  const Args program = {RILL_NODE_BIN,
                        "--n=400000",
                        "--delay-us=200",
                        "--output=" + dir.file("out/sums"),
                        "--rill.coordinator-port=" + port,
                        "--rill.heartbeat-interval=100ms",
                        "--rill.connection-timeout=1s"};
  NodeProcess coord(concat(program, {"--rill.role=coordinator", "--rill.workers=2"}),
                    dir.file("coordinator"));
  NodeProcess w0(concat(program, {"--rill.role=worker"}), dir.file("w0"));
  NodeProcess w1(concat(program, {"--rill.role=worker"}), dir.file("w1"));
  REQUIRE(coord.wait_for_output("job running", 30s));
  std::this_thread::sleep_for(300ms);
  coord.signal(SIGKILL);
  for (NodeProcess* w : {&w0, &w1}) {
    const auto status = w->wait_for(8s);
    const std::string log = w->out() + w->err();
    INFO(log);
    REQUIRE(status.has_value());
    CHECK(*status == 1);
    CHECK(log.find("lost the coordinator") != std::string::npos);
  }
  // The workers removed their temporary files; only the dead coordinator's lock is left, and
  // the next run into that output takes it over.
  std::vector<std::string> left;
  for (const auto& e : gaming_test::fs::directory_iterator(dir.file("out")))
    left.push_back(e.path().filename().string());
  CHECK(left == std::vector<std::string>{".sums-SSSSS-of-NNNNN.rill-lock"});
  NodeProcess again({RILL_NODE_BIN, "--n=1000", "--output=" + dir.file("out/sums")},
                    dir.file("again"));
  CHECK(again.wait_for(60s) == std::optional<int>(0));
}

TEST_CASE("credits bound every channel across processes, and the result is exact") {
  TempDir dir;
  const int64_t n = 40000;
  ClusterRun r = run_cluster(dir,
                             {RILL_NODE_BIN, "--n=" + std::to_string(n), "--delay-us=20",
                              "--output=" + dir.file("out/sums")},
                             {}, {{"--rill.slots=1"}, {"--rill.slots=2"}});
  INFO(r.coordinator_out);
  REQUIRE(r.coordinator == 0);
  CHECK(r.workers == std::vector<int>{0, 0});
  // The program's credits are 4 batches per channel and a partition's backlog cap is 16.
  const auto at = r.coordinator_out.find("flow: inflight=");
  REQUIRE(at != std::string::npos);
  long inflight = -1, queue = -1;
  REQUIRE(std::sscanf(r.coordinator_out.c_str() + at, "flow: inflight=%ld queue=%ld", &inflight,
                      &queue) == 2);
  CHECK(inflight >= 1);
  CHECK(inflight <= 4);
  CHECK(queue <= 16 + 4);
  // User metrics came from both workers' partitions and were summed.
  CHECK(r.coordinator_out.find("Slow/elements  counter " + std::to_string(n) + "\n") !=
        std::string::npos);
  CHECK(r.coordinator_out.find("Slow/values    distribution count " + std::to_string(n) + ", sum " +
                               std::to_string(n * (n - 1) / 2) + ", min 0, max " +
                               std::to_string(n - 1) + ",") != std::string::npos);
  size_t shards = 0;
  CHECK(gaming_test::output_lines(dir.file("out/sums"), &shards) == node_sums(n));
  CHECK(shards == 3);  // 1 + 2 slots
}

TEST_CASE("watermark alignment across processes: a fast source reader waits for a slow one") {
  TempDir dir;
  const int64_t n = 40000;
  // Reader 1 sleeps 5 ms per batch; each reader runs on its own worker (one slot each), so
  // the readers' reports and the job's announcements cross processes.
  ClusterRun r = run_cluster(dir,
                             {RILL_NODE_BIN, "--n=" + std::to_string(n), "--skewed-us=5000",
                              "--output=" + dir.file("out/sums")},
                             {}, {{"--rill.slots=1"}, {"--rill.slots=1"}});
  INFO(r.coordinator_out);
  REQUIRE(r.coordinator == 0);
  CHECK(r.workers == std::vector<int>{0, 0});
  const auto at = r.coordinator_out.find("flow: inflight=");
  REQUIRE(at != std::string::npos);
  long inflight = -1, queue = -1, pauses = -1, skew = -1;
  REQUIRE(std::sscanf(r.coordinator_out.c_str() + at,
                      "flow: inflight=%ld queue=%ld pauses=%ld skew=%ld", &inflight, &queue,
                      &pauses, &skew) == 4);
  // Without alignment reader 0 would finish (event time 40 s) before reader 1 is 2 s in.
  // With a drift of 10 s (the node sets it for skewed runs) it paused, and no report was ever more
  // than the drift plus one batch (256 elements, every other millisecond) ahead of the slowest.
  CHECK(pauses > 0);
  CHECK(skew <= 10000 + 2 * 512);
  size_t shards = 0;
  CHECK(gaming_test::output_lines(dir.file("out/sums"), &shards) == node_sums(n));
  CHECK(shards == 2);
}

TEST_CASE("settings from a config file: the [rill] section, with options overriding it") {
  TempDir dir;
  const std::string port = std::to_string(cluster_test::free_port());
  gaming_test::write_file(dir.file("cluster.ini"),
                          "[rill]\nrole=\"coordinator\"\ncoordinator-port=" + port +
                              "\nworkers=1\nstartup-timeout=20s\n");
  const Args program = {RILL_NODE_BIN, "--n=1000", "--output=" + dir.file("out/sums")};
  NodeProcess coord(concat(program, {"--config-file=" + dir.file("cluster.ini")}),
                    dir.file("coordinator"));
  NodeProcess worker(
      concat(program, {"--config-file=" + dir.file("cluster.ini"), "--rill.role=worker"}),
      dir.file("worker"));
  const auto status = coord.wait_for(60s);
  const std::string coord_log = coord.out() + coord.err();
  INFO(coord_log);
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(worker.wait_for(10s) == std::optional<int>(0));
  CHECK(gaming_test::output_lines(dir.file("out/sums")).size() == 16);
}

TEST_CASE("bad node settings: a clear error and exit status 2 before anything starts") {
  TempDir dir;
  Pki pki(dir);
  gaming_test::write_file(dir.file("in.txt"), "a b c\n");
  gaming_test::write_file(dir.file("unknown.ini"), "[rill]\ncolour=\"blue\"\n");
  gaming_test::write_file(dir.file("not-a-cert.pem"), "hello\n");
  const Args program = {RILL_BIN, "run", "wordcount", "--input=" + dir.file("in.txt"),
                        "--output=" + dir.file("out/counts")};
  const std::string d = pki.d + "/";
  struct Case {
    Args args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--rill.role=worker", "--rill.coordinator-port=70000"},
       "rill.coordinator-port: 70000 is not a port"},
      {{"--rill.role=coordinator"}, "rill.coordinator-port: 0 is not a port"},
      {{"--rill.role=leader"}, "rill.role: unknown role 'leader'"},
      {{"--rill.colour=blue"}, "--rill.colour=blue"},
      {{"--config-file=" + dir.file("unknown.ini")},
       "unknown.ini', line 2: rill.colour: unknown configuration key"},
      {{"--config-file=" + dir.file("missing.ini")}, "missing.ini"},
      {{"--rill.role=worker", "--rill.coordinator-port=4000", "--rill.port=-1"},
       "rill.port: -1 is not a port"},
      {{"--rill.role=worker", "--rill.coordinator-port=4000",
        "--rill.tls-certificate=" + d + "missing.pem", "--rill.tls-key=" + d + "w0.key",
        "--rill.tls-ca=" + d + "ca.pem"},
       "rill.tls-certificate: cannot read"},
      {{"--rill.role=worker", "--rill.coordinator-port=4000",
        "--rill.tls-certificate=" + dir.file("not-a-cert.pem"), "--rill.tls-key=" + d + "w0.key",
        "--rill.tls-ca=" + d + "ca.pem"},
       "holds no certificate"},
      {{"--rill.role=worker", "--rill.coordinator-port=4000", "--rill.tls-ca=" + d + "ca.pem"},
       "must be given together"},
      {{"--rill.role=worker", "--rill.coordinator-port=4000",
        "--rill.tls-certificate=" + d + "w0.pem", "--rill.tls-key=" + d + "w1.key",
        "--rill.tls-ca=" + d + "ca.pem"},
       "does not belong to the certificate"},
      {{"--rill.role=worker", "--rill.coordinator-port=4000", "--openssl.cafile=x"},
       "set TLS with --rill.tls-certificate"},
  };
  int i = 0;
  for (const auto& c : cases) {
    NodeProcess p(concat(program, c.args), dir.file("bad" + std::to_string(i++)));
    const auto status = p.wait_for(10s);
    INFO(c.message);
    INFO(p.err());
    REQUIRE(status.has_value());
    CHECK(*status == 2);
    CHECK(p.err().find(c.message) != std::string::npos);
  }
}

namespace {

// Three network namespaces (coordinator, two workers) joined by veth links to a bridge in a
// fourth: the nodes reach each other only over 10.77.0.0/24, not over a shared loopback.
struct Namespaces {
  Namespaces() {
    if (::geteuid() != 0 || std::system("/usr/sbin/ip netns list >/dev/null 2>&1") != 0) return;
    tag = std::to_string(::getpid() % 100000);
    bridge = "rill-br-" + tag;
    ok = sh("ip netns add " + bridge) && sh("ip -n " + bridge + " link add br0 type bridge") &&
         sh("ip -n " + bridge + " link set br0 up");
    for (int i = 1; ok && i <= 3; ++i) {
      const std::string ns = node(i), a = "rn" + std::to_string(i) + "-" + tag,
                        b = "rb" + std::to_string(i) + "-" + tag;
      ok = sh("ip netns add " + ns) && sh("ip link add " + a + " type veth peer name " + b) &&
           sh("ip link set " + a + " netns " + ns) && sh("ip link set " + b + " netns " + bridge) &&
           sh("ip -n " + bridge + " link set " + b + " master br0") &&
           sh("ip -n " + bridge + " link set " + b + " up") &&
           sh("ip -n " + ns + " addr add " + address(i) + "/24 dev " + a) &&
           sh("ip -n " + ns + " link set " + a + " up") && sh("ip -n " + ns + " link set lo up");
    }
  }
  ~Namespaces() {
    if (tag.empty()) return;
    for (int i = 1; i <= 3; ++i) sh("ip netns del " + node(i));
    sh("ip netns del " + bridge);
  }
  std::string node(int i) const { return "rill-n" + std::to_string(i) + "-" + tag; }
  static std::string address(int i) { return "10.77.0." + std::to_string(i); }
  static bool sh(const std::string& cmd) {
    return std::system(("/usr/sbin/" + cmd + " >/dev/null 2>&1").c_str()) == 0;
  }
  std::string tag, bridge;
  bool ok = false;
};

}  // namespace

TEST_CASE("three nodes in separate network namespaces joined by veth links") {
  Namespaces net;
  if (!net.ok) {
    MESSAGE("skipped: needs root and 'ip netns' (network namespaces)");
    return;
  }
  TempDir dir;
  gaming_test::write_file(dir.file("in.txt"), words_text(20000, 9));
  const Args base = {RILL_BIN, "run", "wordcount", "--input=" + dir.file("in.txt")};
  REQUIRE(run_local(concat(base, {"--output=" + dir.file("local/out"), "--parallelism=2"}), dir) ==
          0);
  const Args node = {"--output=" + dir.file("cluster/out"),
                     "--rill.coordinator-host=" + Namespaces::address(1),
                     "--rill.coordinator-port=4700"};
  NodeProcess coord(concat(concat(base, node), {"--rill.role=coordinator", "--rill.workers=2"}),
                    dir.file("coordinator"), net.node(1));
  NodeProcess w0(
      concat(concat(base, node), {"--rill.role=worker", "--rill.host=" + Namespaces::address(2)}),
      dir.file("w0"), net.node(2));
  NodeProcess w1(
      concat(concat(base, node), {"--rill.role=worker", "--rill.host=" + Namespaces::address(3)}),
      dir.file("w1"), net.node(3));
  const auto status = coord.wait_for(60s);
  const std::string log = coord.out() + coord.err() + w0.err() + w1.err();
  INFO(log);
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(w0.wait_for(10s) == std::optional<int>(0));
  CHECK(w1.wait_for(10s) == std::optional<int>(0));
  CHECK(gaming_test::output_lines(dir.file("cluster/out")) ==
        gaming_test::output_lines(dir.file("local/out")));
}
