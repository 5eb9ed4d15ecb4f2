#include "examples/etl/etl.hpp"

#include "examples/etl/transform.hpp"
#include "io/read_from_text.hpp"
#include "io/write_to_file.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::etl {

void build_etl(Pipeline& p, const EtlOptions& options) {
  // Extract.
  auto [events, bad_events] =
      p | io::ReadFromText("ReadEvents", options.events) |
      TryMap("ParseEvent", [](const std::string& line) { return parse_shop_event(line); });
  auto [users, bad_users] =
      p | io::ReadFromText("ReadUsers", options.users) |
      TryMap("ParseUser", [](const std::string& line) { return parse_user_profile(line); });

  // Transform.
  auto purchases = purchases_only(events);
  auto enriched = enrich_with_country(purchases, users);
  auto totals = totals_per_user(purchases);

  // Load.
  enriched | Map("FormatEvent", format_enriched) |
      io::WriteToText("WriteEvents", options.output + "-events");
  totals | Map("FormatTotals", format_totals) |
      io::WriteToText("WriteUserTotals", options.output + "-user-totals");
  if (!options.dead_letter.empty()) {
    std::vector<PCollection<DeadLetter>>{bad_events, bad_users} | Flatten("AllDeadLetters") |
        Map("DeadLetterToJson", [](const DeadLetter& d) { return to_json_line(d); }) |
        io::WriteToFile("WriteDeadLetters", options.dead_letter);
  }
}

}  // namespace rill::examples::etl
