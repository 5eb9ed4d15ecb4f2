#include "examples/patterns/listed_categories.hpp"

#include <algorithm>

#include "examples/patterns/csv_fields.hpp"

namespace rill::examples::patterns {

PCollection<std::string> reference_categories(const PCollection<std::string>& lines) {
  return lines |
         Map("TrimCategory", [](const std::string& l) { return std::string(csv::trim(l)); }) |
         Filter("DropBlank", [](const std::string& c) { return !c.empty(); });
}

PCollection<std::string> orders_in_listed_categories(const PCollection<Order>& orders,
                                                     const PCollection<std::string>& categories) {
  auto listed = AsIter(categories);
  return orders |
         Filter(
             "KeepListedCategories",
             [listed](const Order& o, const SideInputs& side) {
               const std::vector<std::string>& list = side[listed];
               return std::ranges::find(list, o.category) != list.end();
             },
             listed) |
         Map("FormatOrder", [](const Order& o) { return to_csv(o); });
}

}  // namespace rill::examples::patterns
