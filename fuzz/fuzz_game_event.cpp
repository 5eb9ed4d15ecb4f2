// libFuzzer target: one line of the gaming CSV (user,team,score,timestamp_ms,readable_time).
// A line either parses to an event within the documented bounds, which written back as CSV
// parses to the same event, or is rejected with std::invalid_argument. Nothing else.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "examples/gaming/game_event.hpp"
#include "io/formats/csv_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rill::examples::gaming;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  GameEvent e;
  try {
    e = parse_game_event(line);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  if (e.user.empty() || e.team.empty() || e.score < 0 || e.score > kMaxScore ||
      e.timestamp_ms < 0 || e.timestamp_ms > kMaxEventTimeMs)
    std::abort();
  std::string again;  // written back as CSV: a user or team may need quotes
  rill::io::append_csv_field(again, e.user, ',');
  again += ',';
  rill::io::append_csv_field(again, e.team, ',');
  again += "," + std::to_string(e.score) + "," + std::to_string(e.timestamp_ms) + ",x";
  if (!(parse_game_event(again) == e)) std::abort();
  return 0;
}
