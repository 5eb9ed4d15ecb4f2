#pragma once
// The first steps of every gaming pipeline: lines -> valid GameEvents stamped with their
// event time. A malformed line is not processed: it is counted as malformed by the
// "ParseGameEvent" step and, when a dead-letter path is given, written there as one JSON
// line {"step":...,"error":...,"record":<the raw line>}.
#include <string>

#include "examples/gaming/game_event.hpp"
#include "rill.hpp"

namespace rill::examples::gaming {

// lines -> events (timestamped with timestamp_ms). `dead_letter_path` empty: malformed
// lines are only counted; otherwise they go to that single file, published when the job
// succeeds.
PCollection<GameEvent> parse_game_events(const PCollection<std::string>& lines,
                                         const std::string& dead_letter_path);

// ReadFromText(input) -> parse_game_events.
PCollection<GameEvent> read_game_events(Pipeline& p, const std::string& input,
                                        const std::string& dead_letter_path);

}  // namespace rill::examples::gaming
