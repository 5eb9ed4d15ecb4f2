#pragma once
// Pattern: a dict side input used for enrichment. Each order is joined with the inventory
// record of its sku, looked up in a map built once from the inventory (AsDict). Lines
// "order_id,sku,quantity,warehouse,stock,status" with status
//   in_stock     quantity <= stock
//   short        quantity > stock
//   unknown_sku  the sku is not in the inventory (warehouse empty, stock 0)
// A sku listed twice in the inventory fails the job with a message naming the sku: a lookup
// table with two answers for one key is a broken input, not something to pick from.
#include <string>

#include "examples/patterns/order.hpp"
#include "rill.hpp"

namespace rill::examples::patterns {

PCollection<std::string> enrich_with_inventory(const PCollection<Order>& orders,
                                               const PCollection<InventoryItem>& inventory);

}  // namespace rill::examples::patterns
