// The ETL example through the real runner: both outputs against plain-loop expectations at
// parallelism 1 and 3, dead letters, and a users table with a duplicate user.
#include <doctest/doctest.h>

#include "examples/etl/etl.hpp"
#include "examples/etl/records.hpp"
#include "tests/examples/etl_data.hpp"

using namespace rill;
using namespace rill::examples::etl;
using namespace etl_test;
using gaming_test::output_lines;
using gaming_test::read_file;
using gaming_test::TempDir;
using gaming_test::write_file;

namespace {

PipelineOptions options(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 100;
  return o;
}

}  // namespace

TEST_CASE("etl writes the enriched purchases and the per-user totals, at parallelism 1 and 3") {
  TempDir dir;
  const EtlFiles f = generate_etl_files(2000, 29);
  write_file(dir.file("events.csv"), f.events);
  write_file(dir.file("users.csv"), f.users);
  REQUIRE(expected_totals(f).size() > 50);
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    const std::string tag = "p" + std::to_string(parallelism);
    EtlOptions o{dir.file("events.csv"), dir.file("users.csv"), dir.file("out/" + tag),
                 dir.file("dead/" + tag + ".jsonl")};
    Pipeline p{options(parallelism)};
    build_etl(p, o);
    const auto result = p.run();
    REQUIRE_MESSAGE(result.ok(), result.summary());
    CHECK(output_lines(o.output + "-events") == expected_enriched(f));
    CHECK(output_lines(o.output + "-user-totals") == expected_totals(f));
    model_test::check_dead_letters(read_file(o.dead_letter), f.dead_letters);
    CHECK(result.step("ParseEvent")->malformed ==
          static_cast<int64_t>(malformed_event_lines().size()));
    CHECK(result.step("ParseUser")->malformed ==
          static_cast<int64_t>(malformed_user_lines().size()));
  }
}

TEST_CASE("a users table listing a user twice fails the job naming the user") {
  TempDir dir;
  write_file(dir.file("events.csv"), "1,u1,purchase,5\n2,u2,view,0\n");
  write_file(dir.file("users.csv"), "u1,DE\nu2,FR\n u2 ,US\n");
  Pipeline p{options(2)};
  build_etl(p, {dir.file("events.csv"), dir.file("users.csv"), dir.file("out/x"), ""});
  const auto result = p.run();
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "AddCountry");
  CHECK(result.error.find("has the key 'u2' more than once") != std::string::npos);
  CHECK(gaming_test::fs::is_empty(dir.file("out")));  // nothing published
}

TEST_CASE("the event rule: trimmed fields, three actions, bounded digits") {
  const ShopEvent e = parse_shop_event(" 0017 ,\tann , purchase,0");
  CHECK(e.timestamp_ms == 17);
  CHECK(e.user == "ann");
  CHECK(e.action == "purchase");
  CHECK(e.amount_cents == 0);
  CHECK(parse_shop_event("253402300799999,b,view,1000000000").timestamp_ms == kMaxTimestampMs);
  CHECK_THROWS_WITH_AS(parse_shop_event("253402300800000,b,view,1"),
                       "timestamp_ms '253402300800000' is not a decimal integer in [0, "
                       "253402300799999]",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(parse_user_profile("a,b,c"),
                       "expected 2 comma-separated fields (user,country), got 3",
                       std::invalid_argument);
}
