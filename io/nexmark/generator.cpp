#include "io/nexmark/generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "graph/stable_hash.hpp"

namespace rill::io::nexmark {
namespace {

// One event's random numbers: a wyrand stream (one 64x64->128 multiply per number), seeded
// from (seed, event index) through splitmix64.
struct Rng {
  uint64_t s;
  uint64_t next() {
    s += 0xA0761D6478BD642FULL;
    const unsigned __int128 m = static_cast<unsigned __int128>(s) *
                                static_cast<unsigned __int128>(s ^ 0xE7037ED1A0B428DBULL);
    return static_cast<uint64_t>(m >> 64) ^ static_cast<uint64_t>(m);
  }
  // Uniform in [0, n), n >= 1 (Lemire's multiply-shift; the bias is below 2^-40 here).
  int64_t below(int64_t n) {
    return static_cast<int64_t>(
        (static_cast<unsigned __int128>(next()) * static_cast<uint64_t>(n)) >> 64);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
};

// Beam's lists (PersonGenerator).
constexpr std::array<const char*, 6> kStates = {"AZ", "CA", "ID", "OR", "WA", "WY"};
constexpr std::array<const char*, 10> kCities = {
    "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
    "Bend",    "Redmond",     "Seattle",       "Kent",  "Cheyenne"};
constexpr std::array<const char*, 11> kFirstNames = {
    "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
constexpr std::array<const char*, 9> kLastNames = {
    "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};
constexpr size_t kWordTable = 64;         // item names and descriptions to pick from
constexpr size_t kExtraText = 2 * 65536;  // random letters that `extra` strings are cut from
constexpr size_t kPriceSteps = 4096;      // prices: 10^(6u) * 100 interpolated between steps

// Tables made once, from a fixed seed (they do not depend on the configured seed).
struct Tables {
  std::array<std::string, kFirstNames.size() * kLastNames.size()> names;
  std::array<std::string, kWordTable> items, descriptions;
  std::string extra_text;
  std::array<std::string, kStates.size()> states;
  std::array<std::string, kCities.size()> cities;
  std::array<double, kPriceSteps + 1> prices;  // prices[k] = 10^(6k / kPriceSteps) * 100

  Tables() {
    for (size_t f = 0; f < kFirstNames.size(); ++f)
      for (size_t l = 0; l < kLastNames.size(); ++l)
        names[f * kLastNames.size() + l] = std::string(kFirstNames[f]) + " " + kLastNames[l];
    for (size_t k = 0; k < kStates.size(); ++k) states[k] = kStates[k];
    for (size_t k = 0; k < kCities.size(); ++k) cities[k] = kCities[k];
    for (size_t k = 0; k <= kPriceSteps; ++k)
      prices[k] = std::pow(10.0, 6.0 * static_cast<double>(k) / kPriceSteps) * 100.0;
    Rng r{0x6E65786D61726BULL};  // "nexmark"
    // Like Beam's nextString: 3..15 letters, now and then a space (never at the ends).
    auto word = [&r] {
      std::string s(static_cast<size_t>(3 + r.below(13)), ' ');
      for (size_t k = 0; k < s.size(); ++k)
        s[k] = (k > 0 && k + 1 < s.size() && r.below(13) == 0)
                   ? ' '
                   : static_cast<char>('a' + r.below(26));
      return s;
    };
    for (auto& s : items) s = word();
    for (auto& s : descriptions) s = word();
    extra_text.resize(kExtraText);
    for (auto& c : extra_text) c = static_cast<char>('a' + r.below(26));
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

template <size_t N>
const std::string& pick(const std::array<std::string, N>& table, Rng& r) {
  return table[static_cast<size_t>(r.below(static_cast<int64_t>(N)))];
}

// Beam's PriceGenerator: round(10^(6u) * 100) for u uniform in [0, 1). 10^x is interpolated
// linearly between 4097 precomputed points (relative error below 1e-6, a cent at most on
// the largest prices), which is several times cheaper than calling exp() per price.
int64_t next_price(const Tables& t, Rng& r) {
  const double x = r.unit() * kPriceSteps;
  const size_t k = static_cast<size_t>(x);
  const double lo = t.prices[k];
  return static_cast<int64_t>(lo + (t.prices[k + 1] - lo) * (x - static_cast<double>(k)) + 0.5);
}

}  // namespace

void GeneratorConfig::validate() const {
  auto require = [](bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("nexmark generator: ") + what);
  };
  require(inter_event_delay_us >= 1, "inter_event_delay_us must be >= 1");
  require(out_of_order_ms >= 0, "out_of_order_ms must be >= 0");
  require(hot_auction_ratio >= 1, "hot_auction_ratio must be >= 1");
  require(hot_sellers_ratio >= 1, "hot_sellers_ratio must be >= 1");
  require(hot_bidders_ratio >= 1, "hot_bidders_ratio must be >= 1");
  require(num_active_people >= 1, "num_active_people must be >= 1");
  require(num_in_flight_auctions >= 1, "num_in_flight_auctions must be >= 1");
  require(extra_bytes >= 0 && extra_bytes <= 65536, "extra_bytes must be in [0, 65536]");
}

EventGenerator::EventGenerator(GeneratorConfig config)
    : config_(config),
      key_(mix64(config.seed ^ 0xA0761D6478BD642FULL)),
      jitter_key_(mix64(config.seed ^ 0xE7037ED1A0B428DBULL)) {
  config_.validate();
  tables();  // build the tables now rather than inside the first read
}

int64_t EventGenerator::jitter(uint64_t i) const {
  if (config_.out_of_order_ms == 0) return 0;
  const uint64_t span = static_cast<uint64_t>(config_.out_of_order_ms) + 1;
  return static_cast<int64_t>(bucket_of(
      mix64(jitter_key_ ^ i), static_cast<uint32_t>(std::min<uint64_t>(span, UINT32_MAX))));
}

Timestamp EventGenerator::fill(uint64_t i, Event& out) const {
  const Tables& t = tables();
  Rng r{mix64(key_ ^ i)};
  const Timestamp ts = timestamp(i);

  // Beam's nextBase0PersonId / nextBase0AuctionId: one of the active people (auctions in
  // flight), or one of the next few that do not exist yet.
  auto any_person = [&] {
    const int64_t people = last_base0_person_id(i) + 1;
    const int64_t active = std::min(people, config_.num_active_people);
    return people - active + r.below(active + kIdLead);
  };
  auto any_auction = [&] {
    const int64_t last = last_base0_auction_id(i);
    const int64_t first = std::max<int64_t>(last - config_.num_in_flight_auctions, 0);
    return first + r.below(last - first + 1 + kIdLead);
  };
  auto extra = [&](std::string& s) {
    if (config_.extra_bytes == 0) {
      s.clear();
      return;
    }
    const size_t n = static_cast<size_t>(config_.extra_bytes);
    s.assign(t.extra_text, static_cast<size_t>(r.below(static_cast<int64_t>(kExtraText - n + 1))),
             n);
  };

  switch (kind_of(i)) {
    case EventKind::kBid: {
      Bid* b = std::get_if<0>(&out.v);
      if (b == nullptr) b = &out.v.emplace<0>();
      // P(hot auction) = 1 - 1/hot_auction_ratio: the first auction of the current batch.
      b->auction = kFirstAuctionId + (r.below(config_.hot_auction_ratio) > 0
                                          ? (last_base0_auction_id(i) / kHotBatch) * kHotBatch
                                          : any_auction());
      // P(hot bidder) = 1 - 1/hot_bidders_ratio: the second person of the current batch (so
      // hot bidders and hot sellers differ).
      b->bidder = kFirstPersonId + (r.below(config_.hot_bidders_ratio) > 0
                                        ? (last_base0_person_id(i) / kHotBatch) * kHotBatch + 1
                                        : any_person());
      b->price = next_price(t, r);
      b->date_time = ts;
      extra(b->extra);
      break;
    }
    case EventKind::kPerson: {
      Person* p = std::get_if<1>(&out.v);
      if (p == nullptr) p = &out.v.emplace<1>();
      p->id = kFirstPersonId + last_base0_person_id(i);
      p->name = pick(t.names, r);
      char email[13];  // 5 letters @ 3 letters .com
      for (int k = 0; k < 5; ++k) email[k] = static_cast<char>('a' + r.below(26));
      email[5] = '@';
      for (int k = 6; k < 9; ++k) email[k] = static_cast<char>('a' + r.below(26));
      email[9] = '.', email[10] = 'c', email[11] = 'o', email[12] = 'm';
      p->email.assign(email, sizeof email);
      char card[15];
      uint64_t digits = r.next();
      for (char& c : card) {
        c = static_cast<char>('0' + digits % 10);
        digits /= 10;
      }
      p->credit_card.assign(card, sizeof card);
      p->city = pick(t.cities, r);
      p->state = pick(t.states, r);
      p->date_time = ts;
      extra(p->extra);
      break;
    }
    case EventKind::kAuction: {
      Auction* a = std::get_if<2>(&out.v);
      if (a == nullptr) a = &out.v.emplace<2>();
      a->id = kFirstAuctionId + last_base0_auction_id(i);
      a->item_name = pick(t.items, r);
      a->description = pick(t.descriptions, r);
      a->initial_bid = next_price(t, r);
      a->reserve = a->initial_bid + next_price(t, r);
      a->date_time = ts;
      // Beam's nextAuctionLengthMs: uniform in [1, 2h] where h is how long the next
      // num_in_flight_auctions auctions take to be created.
      const uint64_t ahead = static_cast<uint64_t>(config_.num_in_flight_auctions) *
                             kProportionDenominator / kAuctionProportion;
      const int64_t horizon = nominal_time(i + ahead) - nominal_time(i);
      a->expires = ts + 1 + r.below(std::max<int64_t>(2 * horizon, 1));
      // P(hot seller) = 1 - 1/hot_sellers_ratio: the first person of the current batch.
      a->seller = kFirstPersonId + (r.below(config_.hot_sellers_ratio) > 0
                                        ? (last_base0_person_id(i) / kHotBatch) * kHotBatch
                                        : any_person());
      a->category = kFirstCategoryId + r.below(kNumCategories);
      extra(a->extra);
      break;
    }
  }
  return ts;
}

}  // namespace rill::io::nexmark
