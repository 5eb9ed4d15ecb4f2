// What a parameter can cost is bounded before the job starts: each refusal is one line that
// names the options to change, and exit status 2.
#include <doctest/doctest.h>

#include "tests/cli/cli_run.hpp"

using namespace cli_test;

TEST_CASE("sliding windows that put an element in too many windows are refused") {
  TempDir t;
  write_file(t.path / "in.csv", "u1,t1,5,1000,x\n");
  auto r = rill("run sliding-team-score --input=" + (t.path / "in.csv").string() + " --output=" +
                    (t.path / "out/s").string() + " --size-minutes=1000000000 --period-minutes=1",
                t.path);
  CHECK(r.status == 2);
  CHECK(r.err ==
        "rill: SlidingWindows(size 60000000000000 ms, period 60000 ms) puts every element in "
        "1000000000 windows; the limit is 10000 (each copy costs memory and time): use a longer "
        "period or a shorter size\n");
  CHECK_FALSE(fs::exists(t.path / "out"));
  // 10,000 windows per element is allowed.
  r = rill("run sliding-team-score --input=" + (t.path / "in.csv").string() + " --output=" +
               (t.path / "out/s").string() + " --size-minutes=10000 --period-minutes=1",
           t.path);
  CHECK(r.status == 0);
}

TEST_CASE("batch size x credits x element size is bounded by --channel-bytes") {
  TempDir t;
  write_file(t.path / "in.txt", "a b\n");
  const std::string job = "run wordcount --input=" + (t.path / "in.txt").string() +
                          " --output=" + (t.path / "out/c").string();
  auto r = rill(job + " --batch-size=1048576 --credits=1024", t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("rill: --batch-size=1048576 x --credits=1024 batches of ") == 0);
  CHECK(r.err.find("per channel, over --channel-bytes=67108864 (64.0 MiB): lower the batch size "
                   "or the credits, or raise --channel-bytes\n") != std::string::npos);
  r = rill(job + " --batch-size=65536 --credits=4 --channel-bytes=64M", t.path);
  CHECK(r.status == 0);
  r = rill(job + " --channel-bytes=12Q", t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("--channel-bytes=12Q is not a byte count") != std::string::npos);
}

TEST_CASE("parallelism squared channels that could exhaust the machine are refused") {
  TempDir t;
  write_file(t.path / "in.txt", "a b\n");
  auto r = rill("run wordcount --input=" + (t.path / "in.txt").string() +
                    " --output=" + (t.path / "out/c").string() +
                    " --parallelism=1024 --credits=1024 --batch-size=4096 --channel-bytes=1G",
                t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("rill: this plan's channels could hold ") == 0);
  CHECK(r.err.find("(the largest: CountWords/Partial.out (1048576 channels)); lower "
                   "--parallelism, --credits, --batch-size or --channel-bytes\n") !=
        std::string::npos);
}
