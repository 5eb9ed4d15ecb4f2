#pragma once
// The two inputs of the ETL example and the rules that read them (the CSV rule of
// examples/patterns/csv_fields.hpp: exact field count, trimmed fields, plain decimal digits):
//   events  timestamp_ms,user,action,amount_cents
//           user non-empty; action one of view, cart, purchase; timestamp in
//           [0, kMaxTimestampMs]; amount in [0, kMaxAmountCents]
//   users   user,country   both non-empty
#include <cstdint>
#include <string>
#include <string_view>

namespace rill::examples::etl {

inline constexpr int64_t kMaxTimestampMs = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z
inline constexpr int64_t kMaxAmountCents = 1'000'000'000;

struct ShopEvent {
  int64_t timestamp_ms = 0;
  std::string user;
  std::string action;
  int64_t amount_cents = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(timestamp_ms, user, action, amount_cents);
  }
};

struct UserProfile {
  std::string user;
  std::string country;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(user, country);
  }
};

// Each throws std::invalid_argument saying what is wrong with the line.
ShopEvent parse_shop_event(std::string_view line);
UserProfile parse_user_profile(std::string_view line);

}  // namespace rill::examples::etl
