#pragma once
// The T of the ETL example, three steps between parsing and writing:
//   purchases_only         keeps the purchase events (views and carts move no money)
//   enrich_with_country    adds the buyer's country from the users table (AsDict side input);
//                          a user missing from the table gets country "unknown"; a user
//                          listed twice fails the job with a message naming the user
//   totals_per_user        per buyer, the number of purchases and their sum
#include <cstdint>
#include <string>

#include "examples/etl/records.hpp"
#include "rill.hpp"

namespace rill::examples::etl {

inline constexpr const char* kUnknownCountry = "unknown";

struct EnrichedPurchase {
  ShopEvent event;
  std::string country;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(event, country);
  }
};

struct PurchaseTotals {
  int64_t purchases = 0;
  int64_t total_cents = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(purchases, total_cents);
  }
};

PCollection<ShopEvent> purchases_only(const PCollection<ShopEvent>& events);

PCollection<EnrichedPurchase> enrich_with_country(const PCollection<ShopEvent>& purchases,
                                                  const PCollection<UserProfile>& users);

PCollection<KV<std::string, PurchaseTotals>> totals_per_user(
    const PCollection<ShopEvent>& purchases);

// "timestamp_ms,user,country,amount_cents"
std::string format_enriched(const EnrichedPurchase& p);
// "user,purchases,total_cents"
std::string format_totals(const KV<std::string, PurchaseTotals>& user_totals);

}  // namespace rill::examples::etl
