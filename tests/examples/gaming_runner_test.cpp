// The four gaming pipelines as the templates build them, on a generated CSV file through the
// real runner: outputs against plain-loop expectations, dead letters, parallelism 1 and 3.
#include <doctest/doctest.h>

#include <functional>

#include "examples/gaming/hourly_team_score.hpp"
#include "examples/gaming/sliding_team_score.hpp"
#include "examples/gaming/user_score.hpp"
#include "examples/gaming/user_sessions.hpp"
#include "tests/examples/gaming_checks.hpp"

using namespace rill;
using namespace rill::examples::gaming;
using namespace gaming_test;

namespace {

struct Paths {
  std::string input, output, dead_letter;
};

struct PipelineCase {
  std::string name;
  std::function<void(Pipeline&, const Paths&)> build;
  std::function<std::vector<std::string>(const std::vector<Event>&)> expected;
};

std::vector<PipelineCase> pipeline_cases() {
  return {
      {"user-score",
       [](Pipeline& p, const Paths& f) {
         build_user_score(p, {.input = f.input, .output = f.output, .dead_letter = f.dead_letter});
       },
       [](const std::vector<Event>& e) { return expected_user_totals(e); }},
      {"hourly-team-score",
       [](Pipeline& p, const Paths& f) {
         build_hourly_team_score(p, {.input = f.input,
                                     .output = f.output,
                                     .window_minutes = 60,
                                     .dead_letter = f.dead_letter});
       },
       [](const std::vector<Event>& e) { return expected_team_totals(e, kHourMs, kHourMs); }},
      {"sliding-team-score",
       [](Pipeline& p, const Paths& f) {
         build_sliding_team_score(p, {.input = f.input,
                                      .output = f.output,
                                      .size_minutes = 60,
                                      .period_minutes = 10,
                                      .dead_letter = f.dead_letter});
       },
       [](const std::vector<Event>& e) { return expected_team_totals(e, kHourMs, 600'000); }},
      {"user-sessions",
       [](Pipeline& p, const Paths& f) {
         build_user_sessions(p, {.input = f.input,
                                 .output = f.output,
                                 .gap_minutes = 5,
                                 .dead_letter = f.dead_letter});
       },
       [](const std::vector<Event>& e) { return expected_sessions(e, kFiveMinutesMs); }},
  };
}

PipelineOptions options(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 128;
  return o;
}

}  // namespace

TEST_CASE("each gaming pipeline matches a plain-loop computation, at parallelism 1 and 3") {
  TempDir dir;
  const GamingCsv csv = generate_gaming_csv(3000, 11);
  write_file(dir.file("game.csv"), csv.text);
  for (const auto& c : pipeline_cases()) {
    CAPTURE(c.name);
    const auto expected = c.expected(csv.events);
    REQUIRE(expected.size() > 20);  // the data really spans many keys and windows
    std::vector<std::string> first;
    for (int parallelism : {1, 3}) {
      CAPTURE(parallelism);
      const std::string tag = c.name + "-p" + std::to_string(parallelism);
      const Paths paths{dir.file("game.csv"), dir.file("out/" + tag),
                        dir.file("dead/" + tag + ".jsonl")};
      Pipeline p{options(parallelism)};
      c.build(p, paths);
      const auto result = p.run();
      REQUIRE_MESSAGE(result.ok(), result.summary());
      CHECK(result.step("ParseGameEvent")->malformed == static_cast<int64_t>(csv.malformed.size()));
      CHECK(result.step("EventTime")->elements_out == static_cast<int64_t>(csv.events.size()));
      size_t shards = 0;
      const auto got = output_lines(paths.output, &shards);
      CHECK(shards == static_cast<size_t>(parallelism));
      CHECK(got == expected);
      check_dead_letters(read_file(paths.dead_letter), csv);
      if (first.empty()) first = got;
      CHECK(got == first);  // the same lines whatever the parallelism
    }
  }
}

TEST_CASE("without a dead-letter path malformed lines are only counted") {
  TempDir dir;
  const GamingCsv csv = generate_gaming_csv(200, 5);
  write_file(dir.file("in/game.csv"), csv.text);
  Pipeline p{options(2)};
  UserScoreOptions o;
  o.input = dir.file("in/game.csv");
  o.output = dir.file("out/totals");
  build_user_score(p, o);  // no dead_letter
  const auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  CHECK(result.step("ParseGameEvent")->malformed == static_cast<int64_t>(csv.malformed.size()));
  CHECK(result.summary().find("malformed: " + std::to_string(csv.malformed.size())) !=
        std::string::npos);
  CHECK(output_lines(dir.file("out/totals")) == expected_user_totals(csv.events));
  CHECK(result.outputs.size() == 2);  // the two output shards, no dead-letter file
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 2);
}
