// The cogroup and user-score-vs-mean templates through the `rill` binary, and the patterns,
// ETL, cogroup and user_score_vs_mean programs, run as a user would: exit codes, one-line
// errors, output and dead-letter files.
#include <doctest/doctest.h>

#include "tests/examples/binary_run.hpp"
#include "tests/examples/cogroup_data.hpp"
#include "tests/examples/etl_data.hpp"
#include "tests/examples/gaming_checks.hpp"
#include "tests/examples/patterns_data.hpp"
#include "tests/examples/vs_mean_reference.hpp"

using gaming_test::output_lines;
using gaming_test::read_file;
using gaming_test::TempDir;
using gaming_test::write_file;
using gaming_test::fs::exists;
using model_test::count_lines;
using model_test::run;

namespace {

model_test::Run rill(const std::string& args, const TempDir& dir) {
  return run(RILL_BIN, args, dir);
}

std::string runner_flags(int parallelism) {
  return " --parallelism=" + std::to_string(parallelism) + " --batch-size=100";
}

}  // namespace

TEST_CASE("rill templates lists cogroup and user-score-vs-mean beside the existing ones") {
  TempDir dir;
  const auto r = rill("templates", dir);
  REQUIRE(r.status == 0);
  for (const char* text : {"cogroup\n", "user-score-vs-mean\n", "--left (required)",
                           "--right (required)", "lines 'user,total,above_mean'",
                           "--mean-output  file", "wordcount\n", "user-score\n", "user-sessions\n"})
    CHECK_MESSAGE(r.out.find(text) != std::string::npos, text);
}

TEST_CASE("rill run cogroup: joined lines, dead letters and counts at parallelism 1 and 3") {
  TempDir dir;
  const auto f = cogroup_test::generate_keyed_files(1500, 5);
  write_file(dir.file("left.csv"), f.left);
  write_file(dir.file("right.csv"), f.right);
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    const std::string tag = "p" + std::to_string(parallelism);
    const std::string output = dir.file("out/" + tag), dead = dir.file(tag + ".jsonl");
    const auto r =
        rill("run cogroup --left=" + dir.file("left.csv") + " --right " + dir.file("right.csv") +
                 " --output=" + output + " --dead-letter=" + dead + runner_flags(parallelism),
             dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("job DONE") != std::string::npos);
    CHECK(r.out.find("malformed: 3") != std::string::npos);
    CHECK(output_lines(output) == cogroup_test::expected_cogroup(f));
    model_test::check_dead_letters(read_file(dead), f.dead_letters);
  }
}

TEST_CASE("rill run user-score-vs-mean: lines, mean and dead letters at parallelism 1 and 3") {
  TempDir dir;
  const auto csv = gaming_test::generate_gaming_csv(3000, 13);
  write_file(dir.file("game.csv"), csv.text);
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    const std::string tag = "p" + std::to_string(parallelism);
    const std::string output = dir.file("out/" + tag), dead = dir.file(tag + ".jsonl"),
                      mean = dir.file(tag + "-mean.txt");
    const auto r =
        rill("run user-score-vs-mean --input=" + dir.file("game.csv") + " --output=" + output +
                 " --dead-letter=" + dead + " --mean-output=" + mean + runner_flags(parallelism),
             dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("malformed: " + std::to_string(csv.malformed.size())) != std::string::npos);
    CHECK(output_lines(output) == gaming_test::expected_vs_mean(csv.events));
    CHECK(read_file(mean) == gaming_test::expected_mean_line(csv.events) + "\n");
    gaming_test::check_dead_letters(read_file(dead), csv);
  }
  // Without --dead-letter and --mean-output: only the output shards.
  const auto r = rill("run user-score-vs-mean --input=" + dir.file("game.csv") +
                          " --output=" + dir.file("plain/totals"),
                      dir);
  REQUIRE(r.status == 0);
  CHECK(output_lines(dir.file("plain/totals")) == gaming_test::expected_vs_mean(csv.events));
  CHECK(r.out.find(".jsonl") == std::string::npos);
}

TEST_CASE("bad parameters of the new templates exit 2 with one clear line and write nothing") {
  TempDir dir;
  write_file(dir.file("in.csv"), "k,v\n");
  const std::string in = dir.file("in.csv"), out = " --output=" + dir.file("out/x");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"cogroup --right=" + in + out, "template 'cogroup': missing required parameter --left"},
      {"cogroup --left=" + in + out, "missing required parameter --right"},
      {"cogroup --left=" + in + " --right=" + in, "missing required parameter --output"},
      {"cogroup --left=" + in + " --right=" + in + out + " --input=" + in,
       "template 'cogroup' has no parameter --input"},
      {"cogroup --left=" + dir.file("none-*.csv") + " --right=" + in + out, "none-*.csv"},
      {"cogroup --left=" + in + " --right=" + in + out + " --dead-letter=" + dir.path().string(),
       "is a directory"},
      {"cogroup --left=" + in + " --right=" + in + out + " --parallelism=0",
       "--parallelism=0 is not an integer"},
      {"user-score-vs-mean" + out, "missing required parameter --input"},
      {"user-score-vs-mean --input=" + in + out + " --window-minutes=5",
       "has no parameter --window-minutes"},
      {"user-score-vs-mean --input=" + in + out + " --mean-output=" + dir.path().string(),
       "is a directory"},
      {"user-score-vs-mean --input=" + in + out + " --dead-letter", "needs a value"},
  };
  for (const auto& [args, message] : cases) {
    CAPTURE(args);
    const auto r = rill("run " + args, dir);
    CHECK(r.status == 2);
    CHECK_MESSAGE(r.err.find(message) != std::string::npos, r.err);
    CHECK(count_lines(r.err) == 1);
  }
  CHECK_FALSE(exists(dir.file("out")));
}

TEST_CASE("the patterns program writes every pattern's output and shows the DoFn lifecycle") {
  TempDir dir;
  const auto f = patterns_test::generate_patterns_files(800, 3);
  write_file(dir.file("orders.csv"), f.orders);
  write_file(dir.file("categories.txt"), f.categories);
  write_file(dir.file("inventory.csv"), f.inventory);
  write_file(dir.file("prices.csv"), f.prices);
  const std::string inputs = "--orders=" + dir.file("orders.csv") +
                             " --categories=" + dir.file("categories.txt") +
                             " --inventory=" + dir.file("inventory.csv") + " --prices=";
  const std::string out = dir.file("out/orders");
  const auto r = run(PATTERNS_BIN,
                     inputs + dir.file("prices.csv") + " --output=" + out +
                         " --dead-letter=" + dir.file("dead.jsonl"),
                     dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(output_lines(out + "-fingerprints") ==
        patterns_test::expected_fingerprints(f, 5'000));  // kFingerprintRounds
  CHECK(output_lines(out + "-category-counts") == patterns_test::expected_category_counts(f));
  CHECK(output_lines(out + "-invoices") == patterns_test::expected_invoices(f));
  CHECK(output_lines(out + "-shares") == patterns_test::expected_shares(f));
  CHECK(output_lines(out + "-listed") == patterns_test::expected_listed(f));
  CHECK(output_lines(out + "-enriched") == patterns_test::expected_enriched(f));
  model_test::check_dead_letters(read_file(dir.file("dead.jsonl")), f.dead_letters);
  // One instance per partition (the runner's default parallelism is the core count).
  const size_t lifecycle = r.out.find("PriceOrders lifecycle: ");
  REQUIRE(lifecycle != std::string::npos);
  int setups = 0, teardowns = 0;
  REQUIRE(std::sscanf(r.out.c_str() + lifecycle, "PriceOrders lifecycle: %d setup, %d teardown",
                      &setups, &teardowns) == 2);
  CHECK(setups >= 1);
  CHECK(teardowns == setups);

  // A missing price list fails the job at run time (exit 1) naming the file.
  const auto missing =
      run(PATTERNS_BIN, inputs + dir.file("nope.csv") + " --output=" + dir.file("out2/o"), dir);
  CHECK(missing.status == 1);
  CHECK(missing.err.find("step 'PriceOrders' failed: cannot open the price list '" +
                         dir.file("nope.csv") + "'") != std::string::npos);
  CHECK(model_test::nothing_published(dir.file("out2")));

  // An inventory listing a sku twice fails the job (exit 1) naming the sku.
  write_file(dir.file("dup-inventory.csv"), f.inventory + "sku3,wh9,1\n");
  const auto dup =
      run(PATTERNS_BIN,
          "--orders=" + dir.file("orders.csv") + " --categories=" + dir.file("categories.txt") +
              " --inventory=" + dir.file("dup-inventory.csv") +
              " --prices=" + dir.file("prices.csv") + " --output=" + dir.file("out3/o"),
          dir);
  CHECK(dup.status == 1);
  CHECK_MESSAGE(dup.err.find("has the key 'sku3' more than once") != std::string::npos, dup.err);
  CHECK(model_test::nothing_published(dir.file("out3")));
}

TEST_CASE("the etl program writes enriched purchases and totals; a duplicate user fails it") {
  TempDir dir;
  const auto f = etl_test::generate_etl_files(1500, 8);
  write_file(dir.file("events.csv"), f.events);
  write_file(dir.file("users.csv"), f.users);
  const std::string out = dir.file("out/shop");
  const auto r = run(ETL_BIN,
                     "--events=" + dir.file("events.csv") + " --users=" + dir.file("users.csv") +
                         " --output=" + out + " --dead-letter=" + dir.file("bad.jsonl"),
                     dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(output_lines(out + "-events") == etl_test::expected_enriched(f));
  CHECK(output_lines(out + "-user-totals") == etl_test::expected_totals(f));
  model_test::check_dead_letters(read_file(dir.file("bad.jsonl")), f.dead_letters);

  write_file(dir.file("dup-users.csv"), f.users + "u17,XX\n");
  const auto dup =
      run(ETL_BIN,
          "--events=" + dir.file("events.csv") + " --users=" + dir.file("dup-users.csv") +
              " --output=" + dir.file("out2/shop"),
          dir);
  CHECK(dup.status == 1);
  CHECK_MESSAGE(dup.err.find("step 'AddCountry' failed: side input") != std::string::npos, dup.err);
  CHECK(dup.err.find("has the key 'u17' more than once") != std::string::npos);
  CHECK(model_test::nothing_published(dir.file("out2")));
}

TEST_CASE("the cogroup and user_score_vs_mean programs write what the templates write") {
  TempDir dir;
  const auto f = cogroup_test::generate_keyed_files(300, 9);
  write_file(dir.file("left.csv"), f.left);
  write_file(dir.file("right.csv"), f.right);
  const auto joined =
      run(COGROUP_BIN,
          "--left=" + dir.file("left.csv") + " --right=" + dir.file("right.csv") +
              " --output=" + dir.file("out/joined") + " --dead-letter=" + dir.file("bad.jsonl"),
          dir);
  INFO(joined.err);
  REQUIRE(joined.status == 0);
  CHECK(output_lines(dir.file("out/joined")) == cogroup_test::expected_cogroup(f));
  model_test::check_dead_letters(read_file(dir.file("bad.jsonl")), f.dead_letters);

  const auto csv = gaming_test::generate_gaming_csv(500, 4);
  write_file(dir.file("game.csv"), csv.text);
  const auto vs = run(USER_SCORE_VS_MEAN_BIN,
                      "--input " + dir.file("game.csv") + " --output=" + dir.file("out/vs") +
                          " --mean-output=" + dir.file("mean.txt"),
                      dir);
  INFO(vs.err);
  REQUIRE(vs.status == 0);
  CHECK(output_lines(dir.file("out/vs")) == gaming_test::expected_vs_mean(csv.events));
  CHECK(read_file(dir.file("mean.txt")) == gaming_test::expected_mean_line(csv.events) + "\n");
}

TEST_CASE("every new program: --help, unknown and missing flags exit 2 with one line") {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> programs = {
      {PATTERNS_BIN, "--orders"},
      {ETL_BIN, "--events"},
      {COGROUP_BIN, "--left"},
      {USER_SCORE_VS_MEAN_BIN, "--input"}};
  for (const auto& [program, first_flag] : programs) {
    CAPTURE(program);
    const auto help = run(program, "--help", dir);
    CHECK(help.status == 0);
    CHECK(help.out.find("usage: ") == 0);
    CHECK(help.out.find(first_flag) != std::string::npos);
    const auto bogus = run(program, "--bogus=1", dir);
    CHECK(bogus.status == 2);
    CHECK(bogus.err.find("unknown flag --bogus") != std::string::npos);
    CHECK(count_lines(bogus.err) == 1);
    const auto none = run(program, "", dir);
    CHECK(none.status == 2);
    CHECK(none.err.find("missing required flag " + first_flag) != std::string::npos);
    CHECK(count_lines(none.err) == 1);
  }
  write_file(dir.file("in.csv"), "k,v\n");
  const auto no_match = run(COGROUP_BIN,
                            "--left=" + dir.file("missing-*.csv") +
                                " --right=" + dir.file("in.csv") + " --output=" + dir.file("o/x"),
                            dir);
  CHECK(no_match.status == 2);
  CHECK(no_match.err.find("missing-*.csv") != std::string::npos);
}
