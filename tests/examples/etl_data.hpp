#pragma once
// Generated inputs of the ETL example and, with plain loops over what the generator knows,
// the two outputs it must write.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "tests/examples/dead_letter_checks.hpp"
#include "tests/examples/gaming_reference.hpp"

namespace etl_test {

struct EventRow {
  int64_t ts = 0;
  std::string user, action;
  int64_t cents = 0;
};

struct EtlFiles {
  std::string events, users;  // file contents
  std::vector<EventRow> valid_events;
  std::map<std::string, std::string> country;  // the users table
  std::vector<model_test::ExpectedDeadLetter> dead_letters;
};

inline std::vector<model_test::ExpectedDeadLetter> malformed_event_lines() {
  return {
      {"ParseEvent", "", "empty line"},
      {"ParseEvent", "1700000000000,u1,purchase", "expected 4 comma-separated fields"},
      {"ParseEvent", "1700000000000,u1,refund,100",
       "action 'refund' is not one of view, cart, purchase"},
      {"ParseEvent", "1700000000000,u1,Purchase,100", "action 'Purchase' is not one of"},
      {"ParseEvent", "1700000000000,,purchase,100", "user is empty"},
      {"ParseEvent", "-5,u1,purchase,100", "timestamp_ms '-5' is not a decimal integer"},
      {"ParseEvent", "1700000000000,u1,purchase,1000000001", "amount_cents '1000000001' is not"},
      {"ParseEvent", "1700000000000,u1,purchase,9.99", "amount_cents '9.99' is not"},
  };
}

inline std::vector<model_test::ExpectedDeadLetter> malformed_user_lines() {
  return {
      {"ParseUser", "u999", "expected 2 comma-separated fields (user,country)"},
      {"ParseUser", "u998, ", "country is empty"},
  };
}

inline EtlFiles generate_etl_files(int events, uint32_t seed) {
  std::mt19937 rng(seed);
  EtlFiles f;
  const std::vector<std::string> countries = {"DE", "FR", "US", "JP", "BR"};
  // Users u0..u59 in the table; u60..u69 are not (their country is "unknown").
  for (int u = 0; u < 60; ++u) {
    const std::string user = "u" + std::to_string(u);
    f.country[user] = countries[rng() % countries.size()];
    f.users += (u % 7 == 0 ? " " : "") + user + "," + f.country[user] + "\n";
  }
  for (const auto& bad : malformed_user_lines()) {
    f.users += bad.record + "\n";
    f.dead_letters.push_back(bad);
  }
  const std::vector<std::string> actions = {"view", "view", "cart", "purchase"};
  std::vector<std::string> lines;
  for (int i = 0; i < events; ++i) {
    EventRow e{1'700'000'000'000 + static_cast<int64_t>(rng() % 86'400'000),
               "u" + std::to_string(rng() % 70), actions[rng() % actions.size()],
               static_cast<int64_t>(rng() % 20'000)};
    if (i % 400 == 3) e.cents = 1'000'000'000;
    f.valid_events.push_back(e);
    lines.push_back(std::to_string(e.ts) + "," + (i % 5 == 0 ? " " + e.user + "\t" : e.user) + "," +
                    e.action + "," + std::to_string(e.cents));
  }
  for (const auto& bad : malformed_event_lines()) {
    lines.push_back(bad.record);
    f.dead_letters.push_back(bad);
  }
  std::shuffle(lines.begin(), lines.end(), rng);
  for (const auto& l : lines) f.events += l + "\n";
  return f;
}

// "timestamp_ms,user,country,amount_cents" per purchase.
inline std::vector<std::string> expected_enriched(const EtlFiles& f) {
  std::vector<std::string> out;
  for (const auto& e : f.valid_events) {
    if (e.action != "purchase") continue;
    const auto it = f.country.find(e.user);
    out.push_back(std::to_string(e.ts) + "," + e.user + "," +
                  (it == f.country.end() ? "unknown" : it->second) + "," + std::to_string(e.cents));
  }
  return gaming_test::sorted(out);
}

// "user,purchases,total_cents" per buyer.
inline std::vector<std::string> expected_totals(const EtlFiles& f) {
  std::map<std::string, std::pair<int64_t, int64_t>> per_user;
  for (const auto& e : f.valid_events) {
    if (e.action != "purchase") continue;
    ++per_user[e.user].first;
    per_user[e.user].second += e.cents;
  }
  std::vector<std::string> out;
  for (const auto& [user, t] : per_user)
    out.push_back(user + "," + std::to_string(t.first) + "," + std::to_string(t.second));
  return gaming_test::sorted(out);
}

}  // namespace etl_test
