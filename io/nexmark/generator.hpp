#pragma once
// A deterministic Nexmark event generator, after Beam's (sdks/java/testing/nexmark, classes
// GeneratorConfig, Generator, PersonGenerator, AuctionGenerator, BidGenerator, PriceGenerator).
//
// Event i (i = 0, 1, 2, ...) is a pure function of (config, i): the source can cut the index
// space any way it likes and the union is the same events. What Beam's code fixes is kept:
//   - the mix: of every 50 consecutive events, 1 is a Person, 3 are Auctions, 46 are Bids
//     (i % 50 == 0 a person, 1..3 auctions, 4..49 bids);
//   - ids: person ids from 1000 and auction ids from 1000, in event order (Beam's
//     lastBase0PersonId / lastBase0AuctionId);
//   - who takes part: a seller or bidder is one of the last `num_active_people` people (plus up
//     to 10 ids not created yet); a bid's auction is one of the last `num_in_flight_auctions`
//     auctions (plus up to 10 not created yet);
//   - hot keys: with probability 1 - 1/hot_auction_ratio a bid goes to the hot auction (the
//     first of the current batch of 100 auctions); with probability 1 - 1/hot_bidders_ratio its
//     bidder is the hot bidder (second of the current batch of 100 people); with probability
//     1 - 1/hot_sellers_ratio an auction's seller is the hot seller (first of that batch);
//   - prices: round(10^(6u) * 100) cents for u uniform in [0, 1), i.e. $1 to $1,000,000,
//     log-uniform; reserve = initial bid + another such price;
//   - categories 10..14; US states AZ CA ID OR WA WY; Beam's ten cities and name lists;
//   - event times: event i is at base_time + i * inter_event_delay_us / 1000 ms (a single
//     timeline; Beam's default overall rate, 10,000 events per event-time second);
//   - auction length: 1 + uniform [0, 2h) ms where h is the event time that
//     num_in_flight_auctions further auctions take (about 167 ms at the default rate).
// What differs: the random numbers (a splitmix64 stream seeded from (seed, i), not
// java.util.Random, so no value is bit-identical to Beam's), and short strings (see model.hpp):
// emails are 5 letters "@" 3 letters ".com", credit cards 15 digits, item names and
// descriptions come from fixed tables of short words, and `extra` is empty unless extra_bytes > 0.
//
// Out-of-order events: with out_of_order_ms = B > 0, event i's timestamp is its nominal time
// minus a deterministic jitter in [0, B]; watermarks then trail the nominal times by B, so no
// event is ever late. With B = 0 (the default) timestamps never decrease with i.
#include <cstdint>

#include "io/nexmark/model.hpp"

namespace rill::io::nexmark {

inline constexpr int64_t kFirstPersonId = 1000;
inline constexpr int64_t kFirstAuctionId = 1000;
inline constexpr int64_t kFirstCategoryId = 10;
inline constexpr int64_t kNumCategories = 5;
inline constexpr uint64_t kPersonProportion = 1;
inline constexpr uint64_t kAuctionProportion = 3;
inline constexpr uint64_t kBidProportion = 46;
inline constexpr uint64_t kProportionDenominator =
    kPersonProportion + kAuctionProportion + kBidProportion;
// Hot sellers, bidders and auctions are picked among batches of this many ids (Beam's
// HOT_SELLER_RATIO, HOT_BIDDER_RATIO, HOT_AUCTION_RATIO constants).
inline constexpr int64_t kHotBatch = 100;
// How many not-yet-created person and auction ids a bid or auction may refer to.
inline constexpr int64_t kIdLead = 10;
// Beam's NexmarkUtils.BASE_TIME: 2015-07-15T00:00:00Z.
inline constexpr Timestamp kDefaultBaseTime = 1'436'918'400'000;

struct GeneratorConfig {
  uint64_t seed = 0;
  Timestamp base_time = kDefaultBaseTime;  // event 0's time
  int64_t inter_event_delay_us = 100;      // event-time gap between consecutive events
  int64_t out_of_order_ms = 0;             // max backwards jitter of a timestamp (see above)
  int64_t hot_auction_ratio = 2;
  int64_t hot_sellers_ratio = 4;
  int64_t hot_bidders_ratio = 4;
  int64_t num_active_people = 1000;
  int64_t num_in_flight_auctions = 100;
  int64_t extra_bytes = 0;  // length of every event's `extra` string, 0..65536

  // Throws std::invalid_argument naming the field that is out of range.
  void validate() const;
};

// Beam's lastBase0PersonId / lastBase0AuctionId: the newest person (auction) id, minus the
// first id, that exists when event i is generated (event i's own id if it creates one).
constexpr int64_t last_base0_person_id(uint64_t i) {
  const uint64_t epoch = i / kProportionDenominator, offset = i % kProportionDenominator;
  return static_cast<int64_t>(epoch * kPersonProportion +
                              (offset >= kPersonProportion ? kPersonProportion - 1 : offset));
}
constexpr int64_t last_base0_auction_id(uint64_t i) {
  int64_t epoch = static_cast<int64_t>(i / kProportionDenominator);
  int64_t offset = static_cast<int64_t>(i % kProportionDenominator);
  if (offset < static_cast<int64_t>(kPersonProportion)) {  // a person: the previous epoch's last
    --epoch;
    offset = kAuctionProportion - 1;
  } else if (offset >= static_cast<int64_t>(kPersonProportion + kAuctionProportion)) {  // a bid
    offset = kAuctionProportion - 1;
  } else {
    offset -= kPersonProportion;
  }
  return epoch * static_cast<int64_t>(kAuctionProportion) + offset;
}
constexpr EventKind kind_of(uint64_t i) {
  const uint64_t r = i % kProportionDenominator;
  return r < kPersonProportion                        ? EventKind::kPerson
         : r < kPersonProportion + kAuctionProportion ? EventKind::kAuction
                                                      : EventKind::kBid;
}

class EventGenerator {
 public:
  explicit EventGenerator(GeneratorConfig config);  // validates it
  const GeneratorConfig& config() const { return config_; }

  // Event i's nominal time (non-decreasing in i).
  Timestamp nominal_time(uint64_t i) const {
    return config_.base_time +
           static_cast<Timestamp>(i * static_cast<uint64_t>(config_.inter_event_delay_us) / 1000);
  }
  // Event i's timestamp, which is also its date_time: nominal time minus the jitter.
  Timestamp timestamp(uint64_t i) const { return nominal_time(i) - jitter(i); }
  // The watermark once every event before i has been produced (rill's convention: the
  // timestamp up to which everything is known): every event j >= i has a timestamp above it.
  Timestamp watermark_before(uint64_t i) const {
    return nominal_time(i) - config_.out_of_order_ms - 1;
  }

  Event event(uint64_t i) const {
    Event e;
    fill(i, e);
    return e;
  }
  // Makes event i in `out` (reusing its storage when it already holds the same kind) and
  // returns its timestamp.
  Timestamp fill(uint64_t i, Event& out) const;

 private:
  int64_t jitter(uint64_t i) const;
  GeneratorConfig config_;
  uint64_t key_;         // seeds the per-event random stream
  uint64_t jitter_key_;  // seeds the per-event jitter
};

// The first `n` events as a range, made on the fly (for plain loops over a long stream):
//   for (const Event& e : GeneratedEvents{gen, n}) ...
struct GeneratedEvents {
  const EventGenerator* gen;
  uint64_t n;
  struct Sentinel {};
  struct Iterator {
    const EventGenerator* gen;
    uint64_t i, n;
    Event e;
    const Event& operator*() {
      gen->fill(i, e);
      return e;
    }
    Iterator& operator++() {
      ++i;
      return *this;
    }
    bool operator!=(Sentinel) const { return i < n; }
  };
  GeneratedEvents(const EventGenerator& g, uint64_t count) : gen(&g), n(count) {}
  Iterator begin() const { return Iterator{gen, 0, n, {}}; }
  Sentinel end() const { return {}; }
};

}  // namespace rill::io::nexmark
