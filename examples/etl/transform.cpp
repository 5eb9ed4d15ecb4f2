#include "examples/etl/transform.hpp"

namespace rill::examples::etl {
namespace {

// A CombineFn adding up count and amount in one pass over each user's purchases.
struct SumPurchases {
  using InputT = int64_t;  // amount_cents of one purchase
  using AccumT = PurchaseTotals;
  using OutputT = PurchaseTotals;
  PurchaseTotals create_accumulator() const { return {}; }
  void add_input(PurchaseTotals& acc, const int64_t& cents) const {
    ++acc.purchases;
    acc.total_cents += cents;
  }
  void merge_accumulators(PurchaseTotals& acc, PurchaseTotals&& other) const {
    acc.purchases += other.purchases;
    acc.total_cents += other.total_cents;
  }
  PurchaseTotals extract_output(const PurchaseTotals& acc) const { return acc; }
};

}  // namespace

PCollection<ShopEvent> purchases_only(const PCollection<ShopEvent>& events) {
  return events |
         Filter("PurchasesOnly", [](const ShopEvent& e) { return e.action == "purchase"; });
}

PCollection<EnrichedPurchase> enrich_with_country(const PCollection<ShopEvent>& purchases,
                                                  const PCollection<UserProfile>& users) {
  auto country_of =
      AsDict(users | Map("KeyByUser", [](UserProfile u) {
               return KV<std::string, std::string>{std::move(u.user), std::move(u.country)};
             }));
  return purchases | Map(
                         "AddCountry",
                         [country_of](ShopEvent e, const SideInputs& side) {
                           const auto& countries = side[country_of];
                           const auto it = countries.find(e.user);
                           std::string country =
                               it == countries.end() ? kUnknownCountry : it->second;
                           return EnrichedPurchase{std::move(e), std::move(country)};
                         },
                         country_of);
}

PCollection<KV<std::string, PurchaseTotals>> totals_per_user(
    const PCollection<ShopEvent>& purchases) {
  return purchases |
         Map("KeyByBuyer",
             [](ShopEvent e) {
               return KV<std::string, int64_t>{std::move(e.user), e.amount_cents};
             }) |
         CombinePerKey("SumPurchases", SumPurchases{});
}

std::string format_enriched(const EnrichedPurchase& p) {
  return std::to_string(p.event.timestamp_ms) + "," + p.event.user + "," + p.country + "," +
         std::to_string(p.event.amount_cents);
}

std::string format_totals(const KV<std::string, PurchaseTotals>& user_totals) {
  return user_totals.key + "," + std::to_string(user_totals.value.purchases) + "," +
         std::to_string(user_totals.value.total_cents);
}

}  // namespace rill::examples::etl
