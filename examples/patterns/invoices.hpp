#pragma once
// Pattern: a serial chain of three dependent steps, each needing the previous one's output:
//   PriceOrders        order -> priced order   (quantity * unit price from the price list)
//   ApplyBulkDiscount  priced -> invoice       (kBulkDiscountPercent off, rounded down to
//                                               the cent, from kBulkQuantity items on)
//   FormatInvoice      invoice -> "order_id,gross_cents,discount_cents,net_cents"
// Element-wise steps without side inputs fuse: the chain runs as one stage, each element
// going through all three steps in turn without crossing a channel.
// Orders whose sku is not in the price list come out as dead letters of PriceOrders.
#include <memory>
#include <string>

#include "examples/patterns/price_list.hpp"

namespace rill::examples::patterns {

inline constexpr int64_t kBulkQuantity = 10;
inline constexpr int64_t kBulkDiscountPercent = 10;

struct Invoices {
  PCollection<std::string> lines;
  PCollection<DeadLetter> unpriced;
};

Invoices invoice_lines(const PCollection<Order>& orders, const std::string& price_list_path,
                       std::shared_ptr<LifecycleCounts> counts);

}  // namespace rill::examples::patterns
