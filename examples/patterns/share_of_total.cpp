#include "examples/patterns/share_of_total.hpp"

#include <stdexcept>

namespace rill::examples::patterns {

std::string percent_of(int64_t part, int64_t total) {
  if (total <= 0) throw std::invalid_argument("the total is " + std::to_string(total));
  // A quantity is at most kMaxQuantity: times 10'000 it is far from overflowing.
  const int64_t hundredths = part * 10'000 / total;
  const int64_t fraction = hundredths % 100;
  return std::to_string(hundredths / 100) + (fraction < 10 ? ".0" : ".") + std::to_string(fraction);
}

PCollection<std::string> share_of(const PCollection<Order>& orders,
                                  const PCollection<int64_t>& total) {
  auto total_view = AsSingleton(total);
  return orders | Map(
                      "ShareOfTotal",
                      [total_view](const Order& o, const SideInputs& side) {
                        return o.order_id + "," + std::to_string(o.quantity) + "," +
                               percent_of(o.quantity, side[total_view]);
                      },
                      total_view);
}

PCollection<std::string> share_of_total(const PCollection<Order>& orders) {
  auto total = orders | Map("Quantity", [](const Order& o) { return o.quantity; }) |
               CombineGlobally("TotalQuantity", combine::Sum<int64_t>{});
  return share_of(orders, total);
}

}  // namespace rill::examples::patterns
