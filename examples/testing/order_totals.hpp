#pragma once
// The pipeline under test in examples/testing/: a user's own job, nothing test-specific.
//   lines "id,customer,amount_cents,timestamp_ms"
//     -> Parse (an Order) -> Stamp (event time) -> Key (customer, cents)
//     -> Minute (60 s fixed windows) -> Sum (per customer and window) -> Format
//   output "window_start_ms,customer,total_cents"
// order_totals() also returns the parsed orders, so that a test can follow each order's id.
#include <cstdint>
#include <string>
#include <string_view>

#include "rill.hpp"

namespace rill::examples::testing {

struct Order {
  uint64_t id = 0;
  std::string customer;
  int64_t amount_cents = 0;
  int64_t timestamp_ms = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, customer, amount_cents, timestamp_ms);
  }
};

// Throws std::invalid_argument for a line that is not "id,customer,amount_cents,timestamp_ms".
Order parse_order(std::string_view line);

struct OrderTotals {
  PCollection<Order> orders;        // parsed, one per line
  PCollection<std::string> totals;  // "window_start_ms,customer,total_cents"
};

OrderTotals order_totals(const PCollection<std::string>& lines);

}  // namespace rill::examples::testing
