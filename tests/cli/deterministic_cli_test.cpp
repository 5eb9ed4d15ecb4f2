// `rill run --deterministic[=SEED]`: the seed is printed; two processes with one seed write
// the same shards line for line (a shard's line order follows arrival order); bad seeds and
// cluster roles are refused with exit 2.
#include <doctest/doctest.h>

#include <regex>

#include "tests/cli/cli_run.hpp"

using namespace cli_test;

namespace {

std::string text(int lines) {
  std::string s;
  unsigned x = 12345;
  for (int i = 0; i < lines; ++i) {
    for (int w = 0; w < 8; ++w) {
      x = x * 1103515245u + 12345u;
      s += "w" + std::to_string((x >> 16) % 500) + " ";
    }
    s += "\n";
  }
  return s;
}

// The shards of `prefix` in `dir`, concatenated in shard order.
std::string shards(const fs::path& dir, const std::string& prefix, int n) {
  std::string all;
  for (int i = 0; i < n; ++i)
    all += slurp(dir / (prefix + "-0000" + std::to_string(i) + "-of-0000" + std::to_string(n)));
  return all;
}

std::string steps_line(const std::string& err) {
  std::smatch m;
  const std::regex re("deterministic run: [0-9]+ steps, [0-9]+ ms of virtual time");
  return std::regex_search(err, m, re) ? m.str() : "";
}

}  // namespace

TEST_CASE("rill run --deterministic=SEED replays a run across processes") {
  TempDir t;
  write_file(t.path / "in.txt", text(4000));
  auto run = [&](const std::string& prefix, const std::string& flag) {
    return rill("run wordcount --input=" + (t.path / "in.txt").string() + " --output=" +
                    (t.path / prefix).string() + " --parallelism=3 --batch-size=64 " + flag,
                t.path);
  };
  const Run a = run("a", "--deterministic=77");
  INFO(a.err);
  REQUIRE(a.status == 0);
  CHECK(a.err.find("rill: deterministic scheduling, seed 77") != std::string::npos);
  const Run b = run("b", "--deterministic=77");
  REQUIRE(b.status == 0);
  CHECK(!steps_line(a.err).empty());
  CHECK(steps_line(a.err) == steps_line(b.err));
  CHECK(shards(t.path, "a", 3) == shards(t.path, "b", 3));

  const Run drawn = run("c", "--deterministic");
  REQUIRE(drawn.status == 0);
  CHECK(std::regex_search(drawn.err, std::regex("deterministic scheduling, seed [1-9][0-9]*")));

  for (const char* bad : {"--deterministic=0", "--deterministic=x1", "--deterministic=-3"}) {
    CAPTURE(bad);
    const Run r = run("d", bad);
    CHECK(r.status == 2);
    CHECK(r.err.find("--deterministic=SEED needs a seed") != std::string::npos);
  }
  const Run worker = run("e", "--deterministic=3 --rill.role=worker --rill.coordinator-port=1");
  CHECK(worker.status == 2);
  CHECK(worker.err.find("does not support --rill.role") != std::string::npos);
}
