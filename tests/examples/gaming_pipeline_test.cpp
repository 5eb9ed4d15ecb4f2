// The gaming transforms on small hand-made inputs, checked inside the pipeline with
// assert_that: Beam's windowing semantics at the boundaries that matter.
#include <doctest/doctest.h>

#include "examples/gaming/hourly_team_score.hpp"
#include "examples/gaming/minutes.hpp"
#include "examples/gaming/read_game_events.hpp"
#include "examples/gaming/sliding_team_score.hpp"
#include "examples/gaming/user_score.hpp"
#include "examples/gaming/user_sessions.hpp"
#include "io/assert_that.hpp"

using namespace rill;
using namespace rill::examples::gaming;
using io::assert_that;

namespace {

constexpr int64_t kMinute = 60'000;

PipelineOptions small_batches(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 3;
  return o;
}

PCollection<GameEvent> events_of(Pipeline& p, std::vector<std::string> lines) {
  return parse_game_events(p | Create("Lines", std::move(lines)), "");
}

std::string at(const std::string& user, const std::string& team, int score, int64_t ts) {
  return user + "," + team + "," + std::to_string(score) + "," + std::to_string(ts) + ",";
}

}  // namespace

TEST_CASE("parse_game_events keeps valid events with their event time and counts the rest") {
  Pipeline p{small_batches(2)};
  auto events = events_of(p, {at("a", "red", 1, 5), "", "a,red,x,5,", at("b", "blue", 2, 9)});
  struct Stamp : DoFn<GameEvent, std::string> {
    void process(const GameEvent& e, Emitter<std::string>& out) {
      out.emit(e.user + "@" + std::to_string(out.timestamp()));
    }
  };
  assert_that(events | ParDo("Stamp", Stamp{}), "Check").contains_in_any_order({"a@5", "b@9"});
  auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  CHECK(result.step("ParseGameEvent")->malformed == 2);
  CHECK(result.summary().find("malformed: 2") != std::string::npos);
}

TEST_CASE("user_totals sums each user's scores over all time") {
  Pipeline p{small_batches(3)};
  auto events = events_of(p, {at("a", "red", 1, 0), at("b", "red", 2, 10 * kMinute),
                              at("a", "blue", 3, 500 * kMinute), "a,red,-1,0,"});
  assert_that(user_totals(events), "Check").contains_in_any_order({"a,4", "b,2"});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("hourly_team_totals: windows are [start, end) aligned to epoch 0") {
  Pipeline p{small_batches(2)};
  const int64_t hour = 60 * kMinute;
  auto events = events_of(p, {at("a", "red", 1, 0), at("b", "red", 2, hour - 1),
                              at("c", "red", 4, hour),  // the next window's first instant
                              at("a", "blue", 8, hour + 5), at("d", "red", 16, 5 * hour + 1)});
  assert_that(hourly_team_totals(events, 60), "Check")
      .contains_in_any_order({"0,3600000,red,3", "3600000,7200000,red,4", "3600000,7200000,blue,8",
                              "18000000,21600000,red,16"});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("sliding_team_totals: an event is in every window containing it") {
  Pipeline p{small_batches(2)};
  auto events = events_of(p, {at("a", "red", 1, 7 * kMinute), at("b", "red", 2, 12 * kMinute)});
  assert_that(sliding_team_totals(events, 10, 5), "Check")
      .contains_in_any_order({"0,600000,red,1", "300000,900000,red,3", "600000,1200000,red,2"});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("sliding_team_totals: with period > size, an event in a gap is in no window") {
  Pipeline p{small_batches(2)};
  // Windows of 5 minutes every 10: [0, 5) holds 3 min; 7 min falls in the gap [5, 10).
  auto events = events_of(p, {at("a", "red", 1, 3 * kMinute), at("b", "red", 2, 7 * kMinute)});
  assert_that(sliding_team_totals(events, 5, 10), "Check")
      .contains_in_any_order({"0,300000,red,1"});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("user_session_lines: sessions merge closer events; exactly `gap` apart starts anew") {
  Pipeline p{small_batches(3)};
  const int64_t gap = 5 * kMinute;
  auto events = events_of(p, {
                                 at("a", "red", 1, 0),            // [0, gap)
                                 at("a", "red", 2, gap - 1),      // overlaps: merges
                                 at("a", "red", 4, 2 * gap - 2),  // overlaps the merged one
                                 at("a", "red", 8, 3 * gap - 2),  // exactly gap later: new
                                 at("b", "blue", 16, 100 * kMinute),
                             });
  // A session ends `gap` after its last event; the next one may start right there.
  assert_that(user_session_lines(events, 5), "Check")
      .contains_in_any_order({"a,0,899998,3,7", "a,899998,1199998,1,8", "b,6000000,6300000,1,16"});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("minutes outside [1, 10^9] are rejected with std::invalid_argument naming the flag") {
  Pipeline p;
  auto events = events_of(p, {});
  CHECK_THROWS_WITH_AS(hourly_team_totals(events, 0),
                       "--window-minutes=0 is not an integer in [1, 1000000000]",
                       std::invalid_argument);
  CHECK_THROWS_AS(sliding_team_totals(events, 10, -1), std::invalid_argument);
  CHECK_THROWS_AS(user_session_lines(events, kMaxMinutes + 1), std::invalid_argument);
  HourlyTeamScoreOptions o;
  o.window_minutes = -3;
  Pipeline q;
  CHECK_THROWS_WITH_AS(build_hourly_team_score(q, o),
                       "--window-minutes=-3 is not an integer in [1, 1000000000]",
                       std::invalid_argument);
}
