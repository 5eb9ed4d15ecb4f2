#pragma once
// The records of the patterns example and the rules that read them from CSV lines (the rule
// of csv_fields.hpp: exact field count, trimmed fields, plain decimal digits):
//   orders     order_id,category,sku,quantity   non-empty texts, quantity in [1, kMaxQuantity]
//   inventory  sku,warehouse,stock              non-empty texts, stock in [0, kMaxStock]
#include <cstdint>
#include <string>
#include <string_view>

namespace rill::examples::patterns {

inline constexpr int64_t kMaxQuantity = 1'000'000;
inline constexpr int64_t kMaxStock = 1'000'000'000;

struct Order {
  std::string order_id;
  std::string category;
  std::string sku;
  int64_t quantity = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(order_id, category, sku, quantity);
  }
  friend bool operator==(const Order&, const Order&) = default;
  friend auto operator<=>(const Order&, const Order&) = default;
};

struct InventoryItem {
  std::string sku;
  std::string warehouse;
  int64_t stock = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(sku, warehouse, stock);
  }
  friend bool operator==(const InventoryItem&, const InventoryItem&) = default;
};

// Each throws std::invalid_argument saying what is wrong with the line.
Order parse_order(std::string_view line);
InventoryItem parse_inventory_item(std::string_view line);

// "order_id,category,sku,quantity": the order as the rule reads it (trimmed, no leading zeros).
std::string to_csv(const Order& order);

}  // namespace rill::examples::patterns
