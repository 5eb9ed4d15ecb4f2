// UserSessions as a standalone program: the pipeline `rill run user-sessions` runs.
//   user_sessions --input=GLOB --output=PREFIX [--gap-minutes=5] [--dead-letter=PATH]
#include "examples/gaming/example_program.hpp"
#include "examples/gaming/user_sessions.hpp"

using namespace rill::examples::gaming;

int main(int argc, char** argv) {
  const char* usage =
      "usage: user_sessions --input=GLOB --output=PREFIX [--gap-minutes=5] [--dead-letter=PATH]\n"
      "  writes 'user,session_start_ms,session_end_ms,event_count,score_sum' lines to\n"
      "  PREFIX-SSSSS-of-NNNNN\n";
  const std::set<std::string> known_flags = {"input", "output", "gap-minutes", "dead-letter"};
  return run_example("user_sessions", usage, known_flags, argc, argv,
                     [](ExampleFlags& flags, rill::Pipeline& p) {
                       UserSessionsOptions options;
                       options.input = flags.required("input");
                       options.output = flags.required("output");
                       options.gap_minutes = flags.minutes("gap-minutes", kDefaultGapMinutes);
                       options.dead_letter = flags.optional("dead-letter", "");
                       build_user_sessions(p, options);
                     });
}
