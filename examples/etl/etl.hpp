#pragma once
// An ETL job, top to bottom:
//   extract    read the events and the users table; parse both (malformed lines become
//              dead letters: counted, and written as JSON lines when a dead-letter path is given)
//   transform  keep purchases, add the buyer's country, total per buyer (transform.hpp)
//   load       PREFIX-events-SSSSS-of-NNNNN       timestamp_ms,user,country,amount_cents
//              PREFIX-user-totals-SSSSS-of-NNNNN  user,purchases,total_cents
//   etl --events=events.csv --users=users.csv --output=out/shop [--dead-letter=bad.jsonl]
#include <string>

#include "rill.hpp"

namespace rill::examples::etl {

struct EtlOptions {
  std::string events;       // file or glob: timestamp_ms,user,action,amount_cents
  std::string users;        // file or glob: user,country
  std::string output;       // output prefix
  std::string dead_letter;  // empty: malformed lines are only counted
};

void build_etl(Pipeline& p, const EtlOptions& options);

}  // namespace rill::examples::etl
