#pragma once
// Pattern: an iterable side input used as a reference set. Keeps the orders whose category
// appears in the reference list (AsIter: every element of the filter sees the whole list).
// The list is small by design, so a linear scan per order is the simple right choice; the
// list's order and repetitions do not matter. Lines are the kept orders, "order_id,category,
// sku,quantity".
#include <string>

#include "examples/patterns/order.hpp"
#include "rill.hpp"

namespace rill::examples::patterns {

// Reference lines -> categories: each line trimmed, blank lines dropped.
PCollection<std::string> reference_categories(const PCollection<std::string>& lines);

PCollection<std::string> orders_in_listed_categories(const PCollection<Order>& orders,
                                                     const PCollection<std::string>& categories);

}  // namespace rill::examples::patterns
