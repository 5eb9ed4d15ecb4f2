#include "examples/etl/records.hpp"

#include <stdexcept>

#include "examples/patterns/csv_fields.hpp"

namespace rill::examples::etl {

ShopEvent parse_shop_event(std::string_view line) {
  const auto f = csv::split_fields(line, "timestamp_ms,user,action,amount_cents");
  ShopEvent e;
  e.timestamp_ms = csv::integer_field("timestamp_ms", f[0], 0, kMaxTimestampMs);
  e.user = csv::text_field("user", f[1]);
  e.action = csv::text_field("action", f[2]);
  if (e.action != "view" && e.action != "cart" && e.action != "purchase")
    throw std::invalid_argument("action '" + e.action + "' is not one of view, cart, purchase");
  e.amount_cents = csv::integer_field("amount_cents", f[3], 0, kMaxAmountCents);
  return e;
}

UserProfile parse_user_profile(std::string_view line) {
  const auto f = csv::split_fields(line, "user,country");
  return UserProfile{csv::text_field("user", f[0]), csv::text_field("country", f[1])};
}

}  // namespace rill::examples::etl
