// Every Nexmark query through the real runner, on a small generated stream at parallelism 2
// and 3, against its plain loop (examples/nexmark/reference.hpp).
#include <doctest/doctest.h>

#include <functional>
#include <map>

#include "examples/nexmark/queries.hpp"
#include "examples/nexmark/reference.hpp"
#include "tests/nexmark/nexmark_test_util.hpp"

using namespace nexmark_test;
using namespace rill::examples::nexmark;
namespace ref = rill::examples::nexmark::reference;

namespace {

struct QueryCase {
  std::string name;
  // Builds the query, runs it at `parallelism` and returns its rows.
  std::function<Rows(const SourceOptions&, int)> run;
  std::function<Rows(const std::vector<Event>&)> expected;
  size_t min_rows;  // the stream really exercises the query
};

template <class Query>
std::function<Rows(const SourceOptions&, int)> runner(Query query) {
  return [query](const SourceOptions& src, int parallelism) {
    return rows_of(run_query(src, parallelism, query));
  };
}

template <class Ref>
std::function<Rows(const std::vector<Event>&)> reference(Ref r) {
  return [r](const std::vector<Event>& events) {
    RowSink sink;
    r(events, sink);
    return sink.sorted();
  };
}

std::vector<QueryCase> cases(const QueryConfig& c) {
  return {
      {"Q0", runner([](const PCollection<Event>& e) { return q0_pass_through(e); }),
       reference([](const auto& ev, RowSink& s) { ref::q0(ev, s); }), 4000},
      {"Q1", runner([](const PCollection<Event>& e) { return q1_currency_conversion(e); }),
       reference([](const auto& ev, RowSink& s) { ref::q1(ev, s); }), 4000},
      {"Q2", runner([c](const PCollection<Event>& e) { return q2_selection(e, c); }),
       reference([c](const auto& ev, RowSink& s) { ref::q2(ev, c, s); }), 3},
      {"Q3", runner([c](const PCollection<Event>& e) { return q3_local_item_suggestion(e, c); }),
       reference([](const auto& ev, RowSink& s) { ref::q3(ev, s); }), 10},
      {"WinningBids", runner([](const PCollection<Event>& e) { return winning_bids(e); }),
       reference([](const auto& ev, RowSink& s) { ref::winning_bids(ev, s); }), 30},
      {"Q4",
       runner([c](const PCollection<Event>& e) { return q4_average_price_for_category(e, c); }),
       reference([c](const auto& ev, RowSink& s) { ref::q4(ev, c, s); }), 30},
      {"Q5", runner([c](const PCollection<Event>& e) { return q5_hot_items(e, c); }),
       reference([c](const auto& ev, RowSink& s) { ref::q5(ev, c, s); }), 20},
      {"Q7", runner([c](const PCollection<Event>& e) { return q7_highest_bid(e, c); }),
       reference([c](const auto& ev, RowSink& s) { ref::q7(ev, c, s); }), 3},
      {"Q8", runner([c](const PCollection<Event>& e) { return q8_new_users(e, c); }),
       reference([c](const auto& ev, RowSink& s) { ref::q8(ev, c, s); }), 3},
      {"Q11", runner([c](const PCollection<Event>& e) { return q11_user_sessions(e, c); }),
       reference([c](const auto& ev, RowSink& s) { ref::q11(ev, c, s); }), 100},
  };
}

void check_all(const SourceOptions& src, const QueryConfig& config,
               std::initializer_list<int> parallelisms) {
  const std::vector<Event> events = generate(src);
  for (const QueryCase& q : cases(config)) {
    CAPTURE(q.name);
    const Rows want = q.expected(events);
    CHECK(want.size() >= q.min_rows);
    for (int parallelism : parallelisms) {
      CAPTURE(parallelism);
      const Rows got = q.run(src, parallelism);
      CHECK_MESSAGE(got == want, first_difference(got, want));
    }
  }
}

}  // namespace

TEST_CASE("every query matches its plain loop (in-order events)") {
  check_all(small_stream(), QueryConfig{}, {2, 3});
}

TEST_CASE("every query matches its plain loop with out-of-order events and the default rate") {
  // 100 us apart (10 events per ms) with up to 300 ms of jitter: windows see events out of
  // order, and the watermark must hold them back just enough.
  SourceOptions src = small_stream(30'000, 11);
  src.generator.inter_event_delay_us = 100;
  src.generator.out_of_order_ms = 300;
  QueryConfig c;
  c.window_size = 1'000;  // 3 s of event time: a few windows and sessions still
  c.q4_period = 500;
  c.q5_period = 200;
  c.session_gap = 50;
  check_all(src, c, {2});
}

TEST_CASE("Q12: per bidder, the processing-time panes add up to its bids") {
  SourceOptions src = small_stream(5000, 9);
  src.rate = 10'000;  // 0.5 s of wall time
  QueryConfig c;
  c.processing_time_pane = 100;  // ms of processing time
  const auto got = run_query(
      src, 2, [c](const PCollection<Event>& e) { return q12_processing_time_windows(e, c); });
  std::map<int64_t, int64_t> sums, panes;
  for (const auto& e : got) {
    CHECK(e.window.is_global());
    CHECK(e.value.bids > 0);
    sums[e.value.bidder] += e.value.bids;
    ++panes[e.value.bidder];
  }
  std::map<int64_t, int64_t> want;
  ref::q12_totals(generate(src),
                  [&](const BidsPerSession& b, const Window&) { want[b.bidder] = b.bids; });
  CHECK(sums == want);
  // The hot bidder bids all along: its bids cannot all be in one 100 ms pane of 0.5 s.
  int64_t most = 0;
  for (const auto& [bidder, n] : panes) most = std::max(most, n);
  CHECK(most >= 2);
}
