// The execution patterns as a program (see patterns.hpp for what it writes):
//   patterns --orders=GLOB --categories=GLOB --inventory=GLOB --prices=FILE --output=PREFIX
//            [--dead-letter=PATH]
// After the run it shows the lifecycle of the PriceOrders DoFn: one setup and one teardown
// per instance (per partition), start_bundle once per batch.
#include <iostream>

#include "examples/gaming/example_program.hpp"
#include "examples/patterns/patterns.hpp"

using namespace rill::examples;

int main(int argc, char** argv) {
  const char* usage =
      "usage: patterns --orders=GLOB --categories=GLOB --inventory=GLOB --prices=FILE\n"
      "                --output=PREFIX [--dead-letter=PATH]\n"
      "  orders: order_id,category,sku,quantity  inventory: sku,warehouse,stock\n"
      "  categories: one per line                prices: sku,unit_price_cents\n"
      "  writes PREFIX-{fingerprints,category-counts,invoices,shares,listed,enriched}-*\n";
  const std::set<std::string> known_flags = {"orders", "categories", "inventory",
                                             "prices", "output",     "dead-letter"};
  auto counts = std::make_shared<patterns::LifecycleCounts>();
  const int status = gaming::run_example("patterns", usage, known_flags, argc, argv,
                                         [&](gaming::ExampleFlags& flags, rill::Pipeline& p) {
                                           patterns::PatternsOptions options;
                                           options.orders = flags.required("orders");
                                           options.categories = flags.required("categories");
                                           options.inventory = flags.required("inventory");
                                           options.prices = flags.required("prices");
                                           options.output = flags.required("output");
                                           options.dead_letter = flags.optional("dead-letter", "");
                                           patterns::build_patterns(p, options, counts);
                                         });
  if (counts->setups > 0)
    std::cout << "PriceOrders lifecycle: " << counts->setups << " setup, " << counts->teardowns
              << " teardown, " << counts->bundles << " bundles\n";
  return status;
}
