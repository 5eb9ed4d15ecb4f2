#pragma once
// Pattern: a singleton side input. Every order's quantity as a share of the total quantity
// of all orders: the total is computed by the pipeline (CombineGlobally) and read, whole,
// by every element of the formatting step. Lines "order_id,quantity,percent", the percent
// with two decimals, truncated (computed in integers: quantity * 10000 / total hundredths).
#include <cstdint>
#include <string>

#include "examples/patterns/order.hpp"
#include "rill.hpp"

namespace rill::examples::patterns {

// "12.34": part / total as a percent, truncated to two decimals; total > 0,
// 0 <= part <= kMaxQuantity.
std::string percent_of(int64_t part, int64_t total);

// The total is the sum of all quantities.
PCollection<std::string> share_of_total(const PCollection<Order>& orders);

// The same with the total given: it must hold exactly one element, or the job fails with
// a message naming the side input and how many elements it had.
PCollection<std::string> share_of(const PCollection<Order>& orders,
                                  const PCollection<int64_t>& total);

}  // namespace rill::examples::patterns
