#include "examples/patterns/patterns.hpp"

#include "examples/patterns/branches.hpp"
#include "examples/patterns/inventory_enrichment.hpp"
#include "examples/patterns/invoices.hpp"
#include "examples/patterns/listed_categories.hpp"
#include "examples/patterns/share_of_total.hpp"
#include "io/read_from_text.hpp"
#include "io/write_to_file.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::patterns {

void build_patterns(Pipeline& p, const PatternsOptions& options,
                    std::shared_ptr<LifecycleCounts> counts) {
  auto [orders, bad_orders] =
      p | io::ReadFromText("ReadOrders", options.orders) |
      TryMap("ParseOrder", [](const std::string& line) { return parse_order(line); });
  auto [inventory, bad_inventory] =
      p | io::ReadFromText("ReadInventory", options.inventory) |
      TryMap("ParseInventory", [](const std::string& line) { return parse_inventory_item(line); });
  auto categories =
      reference_categories(p | io::ReadFromText("ReadCategories", options.categories));
  auto write = [&](const PCollection<std::string>& lines, const std::string& step,
                   const std::string& suffix) {
    lines | io::WriteToText(step, options.output + "-" + suffix);
  };

  // One input, two parallel branches.
  const Branches branches = heavy_and_light_branches(orders);
  write(branches.fingerprints, "WriteFingerprints", "fingerprints");
  write(branches.category_counts, "WriteCategoryCounts", "category-counts");

  // A serial chain of three dependent steps; its first step holds the price list from
  // setup() to teardown().
  const Invoices invoices = invoice_lines(orders, options.prices, std::move(counts));
  write(invoices.lines, "WriteInvoices", "invoices");

  // The three side-input patterns.
  write(share_of_total(orders), "WriteShares", "shares");
  write(orders_in_listed_categories(orders, categories), "WriteListed", "listed");
  write(enrich_with_inventory(orders, inventory), "WriteEnriched", "enriched");

  if (!options.dead_letter.empty()) {
    std::vector<PCollection<DeadLetter>>{bad_orders, bad_inventory, invoices.unpriced} |
        Flatten("AllDeadLetters") |
        Map("DeadLetterToJson", [](const DeadLetter& d) { return to_json_line(d); }) |
        io::WriteToFile("WriteDeadLetters", options.dead_letter);
  }
}

}  // namespace rill::examples::patterns
