// user-score-vs-mean: the exact comparison and printing of the mean, the pipeline on small
// hand-made inputs (at, above and below the mean) and on a generated file through the runner.
#include <doctest/doctest.h>

#include "examples/gaming/read_game_events.hpp"
#include "examples/gaming/user_score_vs_mean.hpp"
#include "io/assert_that.hpp"
#include "tests/examples/gaming_checks.hpp"
#include "tests/examples/vs_mean_reference.hpp"

using namespace rill;
using namespace rill::examples::gaming;
using namespace gaming_test;

namespace {

PipelineOptions options(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 4;
  return o;
}

PCollection<GameEvent> events_of(Pipeline& p, std::vector<std::string> lines) {
  return parse_game_events(p | Create("Lines", std::move(lines)), "");
}

}  // namespace

TEST_CASE("above_mean is exact where a double is not") {
  // Mean 2^53 + 2/3: as a double it rounds to 2^53, and so does the total 2^53 + 1; the
  // exact comparison still sees the total above the mean.
  const int64_t two53 = int64_t{1} << 53;
  const MeanOfTotals mean{3 * two53 + 2, 3};
  CHECK(static_cast<double>(two53 + 1) <=
        static_cast<double>(mean.sum_of_totals) / static_cast<double>(mean.users));
  CHECK(above_mean(two53 + 1, mean));
  CHECK_FALSE(above_mean(two53, mean));
  // Strictly greater: a total equal to an integer mean is not above it.
  CHECK_FALSE(above_mean(2, MeanOfTotals{6, 3}));
  CHECK(above_mean(3, MeanOfTotals{6, 3}));
  CHECK_FALSE(above_mean(0, MeanOfTotals{0, 0}));  // no users: nothing is above
}

TEST_CASE("format_mean prints six truncated decimals by integer long division") {
  CHECK(format_mean({10, 3}) == "3,10,3.333333");
  CHECK(format_mean({20, 3}) == "3,20,6.666666");  // truncated, not rounded
  CHECK(format_mean({6, 3}) == "3,6,2.000000");
  CHECK(format_mean({1, 7}) == "7,1,0.142857");
  CHECK(format_mean({0, 0}) == "0,0,");
  CHECK(format_mean({INT64_MAX, 2}) == "2,9223372036854775807,4611686018427387903.500000");
}

TEST_CASE("user_totals_vs_mean: at, above and below the mean; the mean is one element") {
  Pipeline p{options(3)};
  // Totals a=1, b=2, c=6, d=3: mean 3, so only c is above; d equals it.
  auto events =
      events_of(p, {"a,t,1,0,", "b,t,2,0,", "c,t,1,0,", "c,t,5,7,", "d,t,3,0,", "x,t,-1,0,"});
  const UserTotalsVsMean result = user_totals_vs_mean(events);
  io::assert_that(result.lines, "CheckLines")
      .contains_in_any_order({"a,1,false", "b,2,false", "c,6,true", "d,3,false"});
  io::assert_that(result.mean, "CheckMean").contains_in_any_order({MeanOfTotals{12, 4}});
  const auto run = p.run();
  CHECK_MESSAGE(run.ok(), run.summary());
}

TEST_CASE("user_totals_vs_mean: a fractional mean, and no valid events at all") {
  {
    Pipeline p{options(2)};
    auto events = events_of(p, {"a,t,1,0,", "b,t,2,0,"});  // mean 1.5
    io::assert_that(user_totals_vs_mean(events).lines, "Check")
        .contains_in_any_order({"a,1,false", "b,2,true"});
    const auto run = p.run();
    CHECK_MESSAGE(run.ok(), run.summary());
  }
  {
    Pipeline p{options(2)};
    auto events = events_of(p, {"not a line"});
    const UserTotalsVsMean result = user_totals_vs_mean(events);
    io::assert_that(result.lines, "CheckLines").is_empty();
    io::assert_that(result.mean, "CheckMean").contains_in_any_order({MeanOfTotals{0, 0}});
    const auto run = p.run();
    CHECK_MESSAGE(run.ok(), run.summary());
  }
}

TEST_CASE("user-score-vs-mean on a generated CSV matches plain loops, at parallelism 1 and 3") {
  TempDir dir;
  const GamingCsv csv = generate_gaming_csv(3000, 31);
  write_file(dir.file("game.csv"), csv.text);
  const auto expected = expected_vs_mean(csv.events);
  REQUIRE(expected.size() > 50);
  size_t above = 0;
  for (const auto& line : expected) above += line.ends_with(",true");
  REQUIRE(above > 0);
  REQUIRE(above < expected.size());
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    const std::string tag = "p" + std::to_string(parallelism);
    UserScoreVsMeanOptions o{dir.file("game.csv"), dir.file("out/" + tag), dir.file(tag + ".jsonl"),
                             dir.file(tag + "-mean.txt")};
    PipelineOptions opts = options(parallelism);
    opts.batch_size = 128;
    Pipeline p{opts};
    build_user_score_vs_mean(p, o);
    const auto result = p.run();
    REQUIRE_MESSAGE(result.ok(), result.summary());
    CHECK(output_lines(o.output) == expected);
    CHECK(read_file(o.mean_output) == expected_mean_line(csv.events) + "\n");
    CHECK(result.step("ParseGameEvent")->malformed == static_cast<int64_t>(csv.malformed.size()));
    check_dead_letters(read_file(o.dead_letter), csv);
  }
}
