// The patterns example through the real runner: every pattern's output against plain-loop
// expectations at parallelism 1 and 3, the DoFn lifecycle, and the failures the side-input
// and setup patterns must report clearly.
#include <doctest/doctest.h>

#include "examples/patterns/branches.hpp"
#include "examples/patterns/inventory_enrichment.hpp"
#include "examples/patterns/invoices.hpp"
#include "examples/patterns/patterns.hpp"
#include "examples/patterns/share_of_total.hpp"
#include "io/assert_that.hpp"
#include "tests/examples/patterns_data.hpp"

using namespace rill;
using namespace rill::examples::patterns;
using namespace patterns_test;
using gaming_test::output_lines;
using gaming_test::read_file;
using gaming_test::TempDir;
using gaming_test::write_file;

namespace {

PipelineOptions options(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 64;
  return o;
}

struct Inputs {
  TempDir dir;
  PatternsOptions options;
};

// Writes the files and points the options at them.
void write_inputs(const PatternsFiles& f, Inputs& in) {
  write_file(in.dir.file("orders.csv"), f.orders);
  write_file(in.dir.file("categories.txt"), f.categories);
  write_file(in.dir.file("inventory.csv"), f.inventory);
  write_file(in.dir.file("prices.csv"), f.prices);
  in.options.orders = in.dir.file("orders.csv");
  in.options.categories = in.dir.file("categories.txt");
  in.options.inventory = in.dir.file("inventory.csv");
  in.options.prices = in.dir.file("prices.csv");
}

Order order(const std::string& id, const std::string& sku, int64_t quantity) {
  return Order{id, "cat", sku, quantity};
}

}  // namespace

TEST_CASE("every pattern matches a plain-loop computation, at parallelism 1 and 3") {
  Inputs in;
  const PatternsFiles f = generate_patterns_files(1500, 17);
  write_inputs(f, in);
  REQUIRE(expected_listed(f).size() > 100);
  REQUIRE(expected_enriched(f).size() > expected_invoices(f).size());  // some unpriced skus
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    const std::string tag = "p" + std::to_string(parallelism);
    in.options.output = in.dir.file("out/" + tag);
    in.options.dead_letter = in.dir.file("dead/" + tag + ".jsonl");
    auto counts = std::make_shared<LifecycleCounts>();
    Pipeline p{options(parallelism)};
    build_patterns(p, in.options, counts);
    const auto result = p.run();
    REQUIRE_MESSAGE(result.ok(), result.summary());

    const std::string out = in.options.output;
    CHECK(output_lines(out + "-fingerprints") == expected_fingerprints(f, kFingerprintRounds));
    CHECK(output_lines(out + "-category-counts") == expected_category_counts(f));
    CHECK(output_lines(out + "-invoices") == expected_invoices(f));
    CHECK(output_lines(out + "-shares") == expected_shares(f));
    CHECK(output_lines(out + "-listed") == expected_listed(f));
    CHECK(output_lines(out + "-enriched") == expected_enriched(f));
    model_test::check_dead_letters(read_file(in.options.dead_letter), f.dead_letters);
    CHECK(result.step("ParseOrder")->malformed ==
          static_cast<int64_t>(malformed_order_lines().size()));
    CHECK(result.step("ParseInventory")->malformed ==
          static_cast<int64_t>(malformed_inventory_lines().size()));

    // One PriceOrders instance per partition: each set up once and torn down once; bundles
    // per batch, so more of them than instances with 1500 orders in batches of 64.
    CHECK(counts->setups == parallelism);
    CHECK(counts->teardowns == parallelism);
    CHECK(counts->bundles > parallelism);
  }
}

TEST_CASE("the serial chain fuses into one stage; the heavy branch is reshuffled into its own") {
  Inputs in;
  write_inputs(generate_patterns_files(10, 1), in);
  in.options.output = in.dir.file("out/x");
  Pipeline p{options(2)};
  build_patterns(p, in.options, std::make_shared<LifecycleCounts>());
  const std::string plan = p.explain();
  INFO(plan);
  // The three chained steps are listed one after the other inside one stage.
  const size_t price = plan.find("'PriceOrders'");
  const size_t discount = plan.find("'ApplyBulkDiscount'");
  const size_t format = plan.find("'FormatInvoice'");
  REQUIRE(price != std::string::npos);
  REQUIRE(discount != std::string::npos);
  REQUIRE(format != std::string::npos);
  const std::string chain = plan.substr(price, format - price);
  CHECK(chain.find("Stage") == std::string::npos);  // no new stage
  CHECK(chain.find("<-") == std::string::npos);     // no channel in between
  CHECK(plan.find("'SpreadHeavyWork'") != std::string::npos);
}

TEST_CASE("share_of with an empty or a two-element total fails the job naming the side input") {
  for (const auto& [totals, count] :
       std::vector<std::pair<std::vector<int64_t>, std::string>>{{{}, "0"}, {{10, 20}, "2"}}) {
    CAPTURE(count);
    Pipeline p{options(2)};
    auto orders = p | Create("Orders", std::vector<Order>{order("o1", "s", 3)});
    share_of(orders, p | Create("Totals", totals));
    const auto result = p.run();
    CHECK(result.state == JobState::kFailed);
    CHECK(result.failed_step == "ShareOfTotal");
    CHECK(result.error.find("side input 'Totals.out' (AsSingleton) has " + count +
                            " elements; it needs exactly one") != std::string::npos);
  }
}

TEST_CASE("share_of_total: percents truncated to two decimals of the total quantity") {
  Pipeline p{options(2)};
  auto orders = p | Create("Orders", std::vector<Order>{order("a", "s", 1), order("b", "s", 2),
                                                        order("c", "s", 3), order("d", "s", 994)});
  io::assert_that(share_of_total(orders), "Check")
      .contains_in_any_order({"a,1,0.10", "b,2,0.20", "c,3,0.30", "d,994,99.40"});
  const auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
  CHECK(percent_of(1, 3) == "33.33");
  CHECK(percent_of(2, 3) == "66.66");  // truncated, not rounded
  CHECK(percent_of(7, 7) == "100.00");
  CHECK(percent_of(1, 100'000) == "0.00");
}

TEST_CASE("an inventory listing a sku twice fails the job naming the sku") {
  Pipeline p{options(2)};
  auto orders = p | Create("Orders", std::vector<Order>{order("o1", "sku1", 1)});
  auto inventory =
      p | Create("Inventory", std::vector<InventoryItem>{
                                  {"sku1", "wh0", 5}, {"sku7", "wh1", 1}, {"sku7", "wh2", 2}});
  enrich_with_inventory(orders, inventory);
  const auto result = p.run();
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "EnrichWithInventory");
  CHECK(result.error.find("has the key 'sku7' more than once") != std::string::npos);
}

TEST_CASE(
    "PriceOrders: a missing or malformed price list fails setup, and every instance is "
    "still torn down") {
  TempDir dir;
  write_file(dir.file("bad-prices.csv"), "sku1,100\n\nsku2,ten\n");
  write_file(dir.file("twice.csv"), "sku1,100\nsku1,200\n");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {dir.file("missing.csv"), "cannot open the price list '" + dir.file("missing.csv") + "'"},
      {dir.file("bad-prices.csv"),
       "price list '" + dir.file("bad-prices.csv") +
           "' line 3: unit_price_cents 'ten' is not a decimal integer in [0, 1000000000]"},
      {dir.file("twice.csv"), "line 2: sku 'sku1' is listed twice"},
  };
  for (const auto& [path, message] : cases) {
    CAPTURE(path);
    auto counts = std::make_shared<LifecycleCounts>();
    Pipeline p{options(3)};
    auto orders = p | Create("Orders", std::vector<Order>{order("o1", "sku1", 1)});
    invoice_lines(orders, path, counts);
    const auto result = p.run();
    CHECK(result.state == JobState::kFailed);
    CHECK(result.failed_step == "PriceOrders");
    CHECK_MESSAGE(result.error.find(message) != std::string::npos, result.error);
    CHECK(counts->setups >= 1);
    CHECK(counts->teardowns == counts->setups);
  }
}

TEST_CASE("PriceOrders: unknown skus are dead letters, the bulk discount starts at 10 items") {
  TempDir dir;
  write_file(dir.file("prices.csv"), "sku1, 250\n  sku2 ,0\n");
  Pipeline p{options(2)};
  auto orders =
      p | Create("Orders", std::vector<Order>{order("a", "sku1", 9), order("b", "sku1", 10),
                                              order("c", "sku1", 11), order("d", "sku2", 50),
                                              order("e", "sku9", 1)});
  const Invoices invoices =
      invoice_lines(orders, dir.file("prices.csv"), std::make_shared<LifecycleCounts>());
  // 10 * 250 = 2500, 10% off = 250; 11 * 250 = 2750, 10% off = 275 (rounded down from 275.0).
  io::assert_that(invoices.lines, "CheckInvoices")
      .contains_in_any_order({"a,2250,0,2250", "b,2500,250,2250", "c,2750,275,2475", "d,0,0,0"});
  io::assert_that(invoices.unpriced, "CheckUnpriced")
      .contains_in_any_order(
          {DeadLetter{"PriceOrders", "sku 'sku9' is not in the price list", "e,cat,sku9,1"}});
  const auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  CHECK(result.step("PriceOrders")->malformed == 1);
}

TEST_CASE("the fingerprint is FNV-1a then splitmix64 rounds") {
  CHECK(order_fingerprint("", 0) == 0xcbf29ce484222325ULL);   // the FNV-1a offset basis
  CHECK(order_fingerprint("a", 0) == 0xaf63dc4c8601ec8cULL);  // FNV-1a 64 of "a"
  CHECK(order_fingerprint("o1", 3) != order_fingerprint("o1", 4));
}
