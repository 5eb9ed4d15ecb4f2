#include "examples/gaming/read_game_events.hpp"

#include "io/read_from_text.hpp"
#include "io/write_to_file.hpp"

namespace rill::examples::gaming {

PCollection<GameEvent> parse_game_events(const PCollection<std::string>& lines,
                                         const std::string& dead_letter_path) {
  // TryMap turns a throwing parse into a dead letter instead of a failed job.
  auto [events, malformed] = lines | TryMap("ParseGameEvent", [](const std::string& line) {
                               return parse_game_event(line);
                             });
  if (!dead_letter_path.empty()) {
    malformed | Map("DeadLetterToJson", [](const DeadLetter& d) { return to_json_line(d); }) |
        io::WriteToFile("WriteDeadLetters", dead_letter_path);
  }
  return events | WithTimestamps("EventTime", [](const GameEvent& e) { return e.timestamp_ms; });
}

PCollection<GameEvent> read_game_events(Pipeline& p, const std::string& input,
                                        const std::string& dead_letter_path) {
  return parse_game_events(p | io::ReadFromText("ReadLines", input), dead_letter_path);
}

}  // namespace rill::examples::gaming
