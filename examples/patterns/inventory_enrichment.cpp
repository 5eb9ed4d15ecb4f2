#include "examples/patterns/inventory_enrichment.hpp"

namespace rill::examples::patterns {

PCollection<std::string> enrich_with_inventory(const PCollection<Order>& orders,
                                               const PCollection<InventoryItem>& inventory) {
  auto by_sku = AsDict(inventory | Map("KeyBySku", [](InventoryItem item) {
                         std::string sku = item.sku;
                         return KV<std::string, InventoryItem>{std::move(sku), std::move(item)};
                       }));
  return orders | Map(
                      "EnrichWithInventory",
                      [by_sku](const Order& o, const SideInputs& side) {
                        const std::string head =
                            o.order_id + "," + o.sku + "," + std::to_string(o.quantity) + ",";
                        const auto& stock = side[by_sku];
                        const auto it = stock.find(o.sku);
                        if (it == stock.end()) return head + ",0,unknown_sku";
                        const InventoryItem& item = it->second;
                        return head + item.warehouse + "," + std::to_string(item.stock) + "," +
                               (o.quantity <= item.stock ? "in_stock" : "short");
                      },
                      by_sku);
}

}  // namespace rill::examples::patterns
