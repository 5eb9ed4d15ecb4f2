// A cluster runs one job, not two: a worker whose pipeline differs from the coordinator's in
// anything that shapes the job (here, the input it reads) is refused, naming the difference.
#include <doctest/doctest.h>

#include "tests/cluster/cluster_run.hpp"

using namespace cluster_test;
using gaming_test::TempDir;

TEST_CASE("a worker started with another --input is refused with the first difference") {
  TempDir dir;
  gaming_test::write_file(dir.file("a.txt"), words_text(500, 1));
  gaming_test::write_file(dir.file("b.txt"), words_text(500, 2));
  const Args program = {RILL_BIN, "run", "wordcount", "--output=" + dir.file("out/counts")};
  ClusterRun r = run_cluster(dir, program, {"--input=" + dir.file("a.txt")},
                             {{"--input=" + dir.file("a.txt")}, {"--input=" + dir.file("b.txt")}});
  INFO(r.coordinator_out);
  CHECK(r.coordinator == 1);
  CHECK(r.coordinator_out.find("this worker built a different pipeline") != std::string::npos);
  CHECK(r.coordinator_out.find("first difference: coordinator: parameter --input='" +
                               dir.file("a.txt") + "'; this worker: parameter --input='" +
                               dir.file("b.txt") + "'") != std::string::npos);
  for (size_t i = 0; i < r.workers.size(); ++i) {
    INFO(r.worker_out[i]);
    CHECK(r.workers[i] == 1);
  }
  CHECK_FALSE(gaming_test::fs::exists(dir.file("out/counts-00000-of-00002")));
}

TEST_CASE("the definition names a library pipeline's differing source without parameters") {
  // rill_cluster_node builds its pipeline from --n: a worker with another --n differs in what
  // its source produces, which the definition shows even though no template parameter does.
  TempDir dir;
  const Args program = {RILL_NODE_BIN, "--output=" + dir.file("out/sums")};
  ClusterRun r = run_cluster(dir, program, {"--n=1000"}, {{"--n=1000"}, {"--n=2000"}});
  INFO(r.coordinator_out);
  CHECK(r.coordinator == 1);
  CHECK(r.coordinator_out.find("first difference: coordinator: step 'Numbers'") !=
        std::string::npos);
}
