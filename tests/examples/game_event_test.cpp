// The CSV rule of the gaming examples, line by line.
#include <doctest/doctest.h>

#include <stdexcept>

#include "examples/gaming/game_event.hpp"
#include "tests/examples/gaming_data.hpp"

using rill::examples::gaming::GameEvent;
using rill::examples::gaming::parse_game_event;

namespace {

std::string error_of(const std::string& line) {
  try {
    parse_game_event(line);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a valid line: four trimmed fields, the fifth ignored") {
  CHECK(parse_game_event("user7,team3,42,1447719060000,2015-11-16 16:11:00.000") ==
        GameEvent{"user7", "team3", 42, 1447719060000});
  CHECK(parse_game_event(" \tuser 7 , team 3\t, 042 ,\t1447719060000 ,") ==
        GameEvent{"user 7", "team 3", 42, 1447719060000});  // inner spaces of names are kept
  CHECK(parse_game_event("u,t,0,0,  anything but a comma ") == GameEvent{"u", "t", 0, 0});
}

TEST_CASE("the largest score and event time are valid; one more is not") {
  const std::string max_ts = std::to_string(rill::examples::gaming::kMaxEventTimeMs);
  const std::string beyond = std::to_string(rill::examples::gaming::kMaxEventTimeMs + 1);
  CHECK(parse_game_event("u,t,2147483647,0,").score == 2147483647);
  CHECK(parse_game_event("u,t,1," + max_ts + ",").timestamp_ms ==
        rill::examples::gaming::kMaxEventTimeMs);
  CHECK(error_of("u,t,2147483648,0,") == "score '2147483648' is out of range (at most 2147483647)");
  CHECK(error_of("u,t,1," + beyond + ",") ==
        "timestamp_ms '" + beyond + "' is out of range (at most " + max_ts + ")");
}

TEST_CASE("every kind of malformed line throws std::invalid_argument saying why") {
  for (const auto& m : gaming_test::malformed_kinds()) {
    CAPTURE(m.line);
    CHECK_THROWS_AS(parse_game_event(m.line), std::invalid_argument);
    const std::string error = error_of(m.line);
    CHECK_MESSAGE(error.find(m.reason) != std::string::npos, error);
  }
  CHECK(error_of("a,b,c") ==
        "expected 5 comma-separated fields (user,team,score,timestamp_ms,readable_time), got 3");
  CHECK(error_of(",,,,") == "user is empty");  // the first problem found is reported
}
