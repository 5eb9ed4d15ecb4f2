#pragma once
// Pattern: a DoFn that holds a resource for its whole life. PriceOrdersFn needs a price list
// (a lookup file of lines "sku,unit_price_cents", unit price in [0, kMaxUnitPriceCents]).
// It opens and reads the file in setup(), once per DoFn instance (one per partition), on the
// worker that runs it, rather than once per element or once when the graph is built; it
// releases the table in teardown(), which the runner calls also when the job fails.
// LifecycleCounts records the calls so that a program or a test can show them.
//
// A missing or malformed price list fails setup, hence the job, with a message naming the
// file (and the line): it is configuration, not data. An order whose sku is not in the list
// is data: it goes to the DeadLetter output (and is counted as malformed).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "examples/patterns/order.hpp"
#include "rill.hpp"

namespace rill::examples::patterns {

inline constexpr int64_t kMaxUnitPriceCents = 1'000'000'000;

struct LifecycleCounts {
  std::atomic<int> setups{0};
  std::atomic<int> teardowns{0};
  std::atomic<int64_t> bundles{0};
};

struct PricedOrder {
  std::string order_id;
  int64_t quantity = 0;
  int64_t unit_cents = 0;
  int64_t gross_cents = 0;  // quantity * unit_cents

  template <class Archive>
  void serialize(Archive& ar) {
    ar(order_id, quantity, unit_cents, gross_cents);
  }
};

// sku -> unit price. Throws std::runtime_error naming the file, and the line when one is
// malformed or repeats a sku. Blank lines are skipped.
std::unordered_map<std::string, int64_t> load_price_list(const std::string& path);

class PriceOrdersFn : public DoFn<Order, PricedOrder, DeadLetter> {
 public:
  // `step` is the qualified step name the dead letters carry.
  PriceOrdersFn(std::string price_list_path, std::string step,
                std::shared_ptr<LifecycleCounts> counts);

  void setup();
  void start_bundle() { ++counts_->bundles; }
  void process(Order&& order, Emitter<PricedOrder>& out, Emitter<DeadLetter>& unpriced);
  void teardown();

 private:
  std::string path_;
  std::string step_;
  std::shared_ptr<LifecycleCounts> counts_;
  std::unordered_map<std::string, int64_t> prices_;  // filled by setup(), emptied by teardown()
};

}  // namespace rill::examples::patterns
