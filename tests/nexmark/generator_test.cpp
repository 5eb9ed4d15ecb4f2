// The Nexmark generator: determinism (also through the source at any parallelism), the
// 1:3:46 mix, hot-key skew, field ranges, out-of-order bounds and pacing.
#include <doctest/doctest.h>

#include <chrono>
#include <set>

#include "tests/nexmark/nexmark_test_util.hpp"

using namespace nexmark_test;

namespace {

std::vector<std::string> encoded_sorted(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(encode(e));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the same seed gives the same events; another seed other events") {
  GeneratorConfig c;
  c.seed = 42;
  const EventGenerator a(c), b(c);
  c.seed = 43;
  const EventGenerator other(c);
  int differ = 0;
  for (uint64_t i = 0; i < 20'000; ++i) {
    REQUIRE(a.event(i) == b.event(i));
    differ += a.event(i) == other.event(i) ? 0 : 1;
  }
  CHECK(differ > 19'000);
  // fill() into an event that held another kind gives the same event as a fresh one.
  Event reused;
  for (uint64_t i = 0; i < 500; ++i) {
    a.fill(i, reused);
    CHECK(reused == a.event(i));
  }
}

TEST_CASE("the source produces the same events at parallelism 1, 2 and 3") {
  const SourceOptions src = small_stream(3001, 5);
  const auto expected = encoded_sorted(generate(src));
  for (int parallelism : {1, 2, 3}) {
    CAPTURE(parallelism);
    const auto got = run_query(src, parallelism, [](const PCollection<Event>& e) { return e; });
    REQUIRE(got.size() == src.events);
    std::vector<Event> values;
    for (const auto& w : got) {
      CHECK(w.timestamp == w.value.date_time());
      values.push_back(w.value);
    }
    CHECK(encoded_sorted(values) == expected);
  }
}

TEST_CASE("every 50 events: 1 person, 3 auctions, 46 bids; ids in creation order") {
  const EventGenerator gen({});
  int64_t persons = 0, auctions = 0, bids = 0;
  for (uint64_t i = 0; i < 50 * 400; ++i) {
    const Event e = gen.event(i);
    switch (i % 50) {
      case 0:
        REQUIRE(e.is_person());
        CHECK(e.person().id == kFirstPersonId + static_cast<int64_t>(i / 50));
        ++persons;
        break;
      case 1:
      case 2:
      case 3:
        REQUIRE(e.is_auction());
        CHECK(e.auction().id == kFirstAuctionId + static_cast<int64_t>(i / 50 * 3 + i % 50 - 1));
        ++auctions;
        break;
      default:
        REQUIRE(e.is_bid());
        ++bids;
    }
  }
  CHECK(persons == 400);
  CHECK(auctions == 1200);
  CHECK(bids == 18'400);
}

TEST_CASE("hot auctions, bidders and sellers take Beam's shares") {
  auto shares = [](const GeneratorConfig& c) {
    const EventGenerator gen(c);
    double hot_auction = 0, hot_bidder = 0, hot_seller = 0, bids = 0, auctions = 0;
    for (uint64_t i = 0; i < 200'000; ++i) {
      const Event e = gen.event(i);
      const int64_t person_batch = last_base0_person_id(i) / kHotBatch * kHotBatch;
      if (e.is_bid()) {
        ++bids;
        hot_auction +=
            e.bid().auction == kFirstAuctionId + last_base0_auction_id(i) / kHotBatch * kHotBatch;
        hot_bidder += e.bid().bidder == kFirstPersonId + person_batch + 1;
      } else if (e.is_auction()) {
        ++auctions;
        hot_seller += e.auction().seller == kFirstPersonId + person_batch;
      }
    }
    return std::tuple{hot_auction / bids, hot_bidder / bids, hot_seller / auctions};
  };
  // Beam's defaults: P(hot) = 1 - 1/ratio, plus the rare random pick of the hot id.
  const auto [auction, bidder, seller] = shares({});
  CHECK(auction == doctest::Approx(0.5).epsilon(0.03));
  CHECK(bidder == doctest::Approx(0.75).epsilon(0.03));
  CHECK(seller == doctest::Approx(0.75).epsilon(0.03));
  // Ratio 1: no hot picks, only chance.
  GeneratorConfig flat;
  flat.hot_auction_ratio = flat.hot_bidders_ratio = flat.hot_sellers_ratio = 1;
  const auto [a1, b1, s1] = shares(flat);
  CHECK(a1 < 0.05);
  CHECK(b1 < 0.05);
  CHECK(s1 < 0.05);
}

TEST_CASE("fields stay in their ranges") {
  GeneratorConfig c;
  c.seed = 3;
  c.extra_bytes = 40;
  const EventGenerator gen(c);
  const std::set<std::string> states{"AZ", "CA", "ID", "OR", "WA", "WY"};
  const std::set<std::string> cities{"Phoenix",  "Los Angeles", "San Francisco", "Boise",
                                     "Portland", "Bend",        "Redmond",       "Seattle",
                                     "Kent",     "Cheyenne"};
  std::set<int64_t> categories;
  int64_t min_price = INT64_MAX, max_price = 0;
  for (uint64_t i = 0; i < 100'000; ++i) {
    const Event e = gen.event(i);
    const Timestamp t = kDefaultBaseTime + static_cast<Timestamp>(i / 10);  // 100 us apart
    REQUIRE(e.date_time() == t);
    REQUIRE(gen.timestamp(i) == t);
    const int64_t people = last_base0_person_id(i) + 1;  // ids 1000 .. 1000 + people - 1
    auto valid_person = [&](int64_t id) {
      return id >= kFirstPersonId && id < kFirstPersonId + people + kIdLead;
    };
    if (e.is_person()) {
      const Person& p = e.person();
      CHECK(states.count(p.state) == 1);
      CHECK(cities.count(p.city) == 1);
      CHECK(p.name.find(' ') != std::string::npos);
      CHECK(p.name.size() <= 15);
      CHECK(p.email.size() == 13);
      CHECK(p.email.substr(5, 1) == "@");
      CHECK(p.credit_card.size() == 15);
      CHECK(p.credit_card.find_first_not_of("0123456789") == std::string::npos);
      CHECK(p.extra.size() == 40);
    } else if (e.is_auction()) {
      const Auction& a = e.auction();
      categories.insert(a.category);
      CHECK(a.initial_bid >= 100);
      CHECK(a.reserve >= a.initial_bid);
      CHECK(a.expires > a.date_time);
      CHECK(a.expires - a.date_time <= 2 * 1667 / 10 + 1);  // 2 x (100 auctions' time) + 1
      CHECK(valid_person(a.seller));
      CHECK(a.item_name.size() <= 15);
      CHECK(a.description.size() <= 15);
      CHECK(a.extra.size() == 40);
    } else {
      const Bid& b = e.bid();
      const int64_t last_auction = kFirstAuctionId + last_base0_auction_id(i);
      CHECK(b.auction >= std::max(kFirstAuctionId, last_auction - 100));
      CHECK(b.auction <= last_auction + kIdLead);
      CHECK(valid_person(b.bidder));
      CHECK(b.price >= 100);
      CHECK(b.price <= 100'000'000);
      min_price = std::min(min_price, b.price);
      max_price = std::max(max_price, b.price);
      CHECK(b.extra.size() == 40);
    }
  }
  CHECK(categories == std::set<int64_t>{10, 11, 12, 13, 14});
  CHECK(min_price < 200);  // $1 .. $1,000,000, log-uniform: both ends are reached
  CHECK(max_price > 50'000'000);
}

TEST_CASE("out-of-order timestamps stay within the bound, above every earlier watermark") {
  GeneratorConfig c;
  c.out_of_order_ms = 50;
  const EventGenerator gen(c);
  bool some_out_of_order = false;
  Timestamp latest = kMinTimestamp;
  for (uint64_t i = 0; i < 20'000; ++i) {
    const Timestamp t = gen.timestamp(i);
    CHECK(t <= gen.nominal_time(i));
    CHECK(t >= gen.nominal_time(i) - 50);
    CHECK(t > gen.watermark_before(i));
    // Every earlier watermark_before(j), j <= i, is at most watermark_before(i).
    CHECK(gen.watermark_before(i) >= gen.watermark_before(i > 0 ? i - 1 : 0));
    some_out_of_order |= t < latest;
    latest = std::max(latest, t);
  }
  CHECK(some_out_of_order);
}

TEST_CASE("a paced source takes events / rate seconds, at any parallelism") {
  for (int parallelism : {1, 2}) {
    CAPTURE(parallelism);
    SourceOptions src = small_stream(4000);
    src.rate = 20'000;  // 0.2 s
    const auto start = std::chrono::steady_clock::now();
    const auto got = run_query(src, parallelism, [](const PCollection<Event>& e) { return e; });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(got.size() == 4000);
    CHECK(seconds >= 0.19);
    CHECK(seconds < 5.0);
  }
}

TEST_CASE("bad generator settings are rejected") {
  GeneratorConfig c;
  c.inter_event_delay_us = 0;
  CHECK_THROWS_AS(EventGenerator{c}, std::invalid_argument);
  c = {};
  c.extra_bytes = -1;
  CHECK_THROWS_AS(EventGenerator{c}, std::invalid_argument);
  Pipeline p;
  SourceOptions src;
  src.rate = -1;
  CHECK_THROWS_AS(p | GenerateEvents("Events", src), std::invalid_argument);
}

TEST_CASE("events survive the coder (they cross shuffles and processes)") {
  GeneratorConfig c;
  c.extra_bytes = 20;
  const EventGenerator gen(c);
  for (uint64_t i = 0; i < 100; ++i) {
    const Event e = gen.event(i);
    CHECK(decode<Event>(encode(e)) == e);
  }
}
