#include "examples/gaming/user_sessions.hpp"

#include "examples/gaming/minutes.hpp"
#include "examples/gaming/read_game_events.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::gaming {
namespace {

// Counting and summing in one CombineFn keeps a session's numbers together through the
// window merges, instead of grouping every event of a session in memory.
struct CountAndSumScores {
  using InputT = int64_t;
  using AccumT = SessionActivity;
  using OutputT = SessionActivity;
  SessionActivity create_accumulator() const { return {}; }
  void add_input(SessionActivity& acc, const int64_t& score) const {
    ++acc.event_count;
    acc.score_sum += score;
  }
  void merge_accumulators(SessionActivity& acc, SessionActivity&& other) const {
    acc.event_count += other.event_count;
    acc.score_sum += other.score_sum;
  }
  SessionActivity extract_output(const SessionActivity& acc) const { return acc; }
};

// The session's bounds are its merged window, known only through the emitter.
struct FormatSession : DoFn<KV<std::string, SessionActivity>, std::string> {
  void process(const KV<std::string, SessionActivity>& session, Emitter<std::string>& out) {
    const Window& w = out.window();
    out.emit(session.key + "," + std::to_string(w.start) + "," + std::to_string(w.end) + "," +
             std::to_string(session.value.event_count) + "," +
             std::to_string(session.value.score_sum));
  }
};

}  // namespace

PCollection<std::string> user_session_lines(const PCollection<GameEvent>& events,
                                            int64_t gap_minutes) {
  const Duration gap = minutes_to_ms("gap-minutes", gap_minutes);
  return events | Composite("UserSessions", [gap](const PCollection<GameEvent>& in) {
           return in |
                  Map("KeyByUser",
                      [](GameEvent e) {
                        return KV<std::string, int64_t>{std::move(e.user), e.score};
                      }) |
                  WindowInto("Sessions", Sessions(gap)) |
                  CombinePerKey("CountAndSum", CountAndSumScores{}) |
                  ParDo("Format", FormatSession{});
         });
}

void build_user_sessions(Pipeline& p, const UserSessionsOptions& options) {
  minutes_to_ms("gap-minutes", options.gap_minutes);  // bad input before any step
  auto events = read_game_events(p, options.input, options.dead_letter);
  user_session_lines(events, options.gap_minutes) |
      io::WriteToText("WriteSessions", options.output);
}

}  // namespace rill::examples::gaming
