#pragma once
// The execution patterns, one pipeline over one set of order files. Each pattern is its own
// function in its own file (branches, invoices, share_of_total, listed_categories,
// inventory_enrichment); this wires them to the inputs and writes one output per pattern:
//   PREFIX-fingerprints-SSSSS-of-NNNNN   heavy branch     order_id,fingerprint
//   PREFIX-category-counts-...           light branch     category,orders
//   PREFIX-invoices-...                  serial chain order_id,gross_cents,discount_cents,net_cents
//   PREFIX-shares-...                    AsSingleton      order_id,quantity,percent
//   PREFIX-listed-...                    AsIter           order_id,category,sku,quantity
//   PREFIX-enriched-...                  AsDict order_id,sku,quantity,warehouse,stock,status
// Malformed order and inventory lines, and orders whose sku has no price, are dead letters:
// counted, and written as JSON lines to the dead-letter file when one is given.
#include <memory>
#include <string>

#include "examples/patterns/price_list.hpp"
#include "rill.hpp"

namespace rill::examples::patterns {

struct PatternsOptions {
  std::string orders;       // file or glob: order_id,category,sku,quantity
  std::string categories;   // file or glob: one reference category per line
  std::string inventory;    // file or glob: sku,warehouse,stock
  std::string prices;       // one file, read by each PriceOrders instance: sku,unit_price_cents
  std::string output;       // output prefix
  std::string dead_letter;  // empty: dead letters are only counted
};

// `counts` receives the PriceOrders lifecycle calls.
void build_patterns(Pipeline& p, const PatternsOptions& options,
                    std::shared_ptr<LifecycleCounts> counts);

}  // namespace rill::examples::patterns
