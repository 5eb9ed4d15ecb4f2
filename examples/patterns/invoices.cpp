#include "examples/patterns/invoices.hpp"

namespace rill::examples::patterns {
namespace {

struct Invoice {
  PricedOrder priced;
  int64_t discount_cents = 0;
  int64_t net_cents = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(priced, discount_cents, net_cents);
  }
};

}  // namespace

Invoices invoice_lines(const PCollection<Order>& orders, const std::string& price_list_path,
                       std::shared_ptr<LifecycleCounts> counts) {
  auto [priced, unpriced] =
      orders |
      ParDo("PriceOrders", PriceOrdersFn(price_list_path, orders.graph().qualified("PriceOrders"),
                                         std::move(counts)));
  auto lines = priced |
               Map("ApplyBulkDiscount",
                   [](PricedOrder p) {
                     Invoice invoice{std::move(p)};
                     if (invoice.priced.quantity >= kBulkQuantity)
                       invoice.discount_cents =
                           invoice.priced.gross_cents * kBulkDiscountPercent / 100;
                     invoice.net_cents = invoice.priced.gross_cents - invoice.discount_cents;
                     return invoice;
                   }) |
               Map("FormatInvoice", [](const Invoice& i) {
                 return i.priced.order_id + "," + std::to_string(i.priced.gross_cents) + "," +
                        std::to_string(i.discount_cents) + "," + std::to_string(i.net_cents);
               });
  return {lines, unpriced};
}

}  // namespace rill::examples::patterns
