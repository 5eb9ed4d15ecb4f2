#include "examples/patterns/order.hpp"

#include "examples/patterns/csv_fields.hpp"

namespace rill::examples::patterns {

Order parse_order(std::string_view line) {
  const auto f = csv::split_fields(line, "order_id,category,sku,quantity");
  return Order{csv::text_field("order_id", f[0]), csv::text_field("category", f[1]),
               csv::text_field("sku", f[2]), csv::integer_field("quantity", f[3], 1, kMaxQuantity)};
}

InventoryItem parse_inventory_item(std::string_view line) {
  const auto f = csv::split_fields(line, "sku,warehouse,stock");
  return InventoryItem{csv::text_field("sku", f[0]), csv::text_field("warehouse", f[1]),
                       csv::integer_field("stock", f[2], 0, kMaxStock)};
}

std::string to_csv(const Order& order) {
  return order.order_id + "," + order.category + "," + order.sku + "," +
         std::to_string(order.quantity);
}

}  // namespace rill::examples::patterns
