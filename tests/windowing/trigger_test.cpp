#include "windowing/trigger.hpp"

#include <doctest/doctest.h>

using namespace rill;

TEST_CASE("the default-constructed trigger is Default and stateless") {
  Trigger t;
  CHECK(t.kind() == TriggerKind::kDefault);
  CHECK(t == DefaultTrigger());
  CHECK(t.state_size() == 0);
  CHECK(t.has_ontime_pane());
  CHECK(t.to_string() == "Default");
}

TEST_CASE("AfterWatermark wraps its early and late firings in Repeatedly once") {
  Trigger t = AfterWatermark({.early = AfterCount(2), .late = AfterCount(3)});
  CHECK(t.kind() == TriggerKind::kAfterWatermark);
  REQUIRE(t.early_firings());
  CHECK(*t.early_firings() == Repeatedly(AfterCount(2)));
  CHECK(*t.late_firings() == Repeatedly(AfterCount(3)));
  CHECK(t.to_string() == "AfterWatermark(early=AfterCount(2), late=AfterCount(3))");
  // Already repeated: not wrapped again.
  CHECK(AfterWatermark({.early = Repeatedly(AfterCount(2))}) ==
        AfterWatermark({.early = AfterCount(2)}));
  // Java-style builders give the same tree.
  CHECK(AfterWatermark().with_early_firings(AfterCount(2)).with_late_firings(AfterCount(3)) == t);
  CHECK(AfterWatermark({.late = AfterCount(1)}).early_firings() == std::nullopt);
  CHECK_THROWS_AS(AfterCount(1).with_early_firings(AfterCount(1)), std::invalid_argument);
  // State words: the late-phase bit plus one count per AfterCount.
  CHECK(t.state_size() == 3);
  CHECK(AfterWatermark({.early = AfterCount(2)}).state_size() == 1);
}

TEST_CASE("composite triggers keep their subtriggers in order") {
  Trigger t = AfterEach({AfterCount(2), Repeatedly(AfterProcessingTime(5)), Never()});
  std::vector<Trigger> subs = t.subtriggers();
  REQUIRE(subs.size() == 3);
  CHECK(subs[0] == AfterCount(2));
  CHECK(subs[1] == Repeatedly(AfterProcessingTime(5)));
  CHECK(subs[1].subtriggers().at(0).delay() == 5);
  CHECK(subs[2].kind() == TriggerKind::kNever);
  CHECK(t.to_string() == "AfterEach(AfterCount(2), Repeatedly(AfterProcessingTime(5)), Never)");
  CHECK(t.uses_processing_time());
  CHECK_FALSE(t.has_ontime_pane());
  CHECK(OrFinally(Repeatedly(AfterCount(1)), AfterWatermark()).has_ontime_pane());
  CHECK(AfterAny({AfterCount(1), Always()}).to_string() == "AfterAny(AfterCount(1), Always)");
  CHECK_FALSE(AfterAll({AfterCount(1)}) == AfterAny({AfterCount(1)}));
  CHECK_FALSE(AfterCount(1) == AfterCount(2));
}

TEST_CASE("invalid triggers are rejected") {
  CHECK_THROWS_AS(AfterCount(0), std::invalid_argument);
  CHECK_THROWS_AS(AfterProcessingTime(-1), std::invalid_argument);
  CHECK_THROWS_AS(AfterEach({}), std::invalid_argument);
  CHECK_THROWS_AS(AfterAny({}), std::invalid_argument);
  CHECK_THROWS_AS(AfterAll({}), std::invalid_argument);
  CHECK_THROWS_AS(Trigger::make(TriggerKind::kRepeatedly, 0, {}), std::invalid_argument);
}
