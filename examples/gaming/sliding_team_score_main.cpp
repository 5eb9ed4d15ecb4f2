// SlidingTeamScore as a standalone program: the pipeline `rill run sliding-team-score` runs.
//   sliding_team_score --input=GLOB --output=PREFIX [--size-minutes=60] [--period-minutes=10]
//                      [--dead-letter=PATH]
#include "examples/gaming/example_program.hpp"
#include "examples/gaming/sliding_team_score.hpp"

using namespace rill::examples::gaming;

int main(int argc, char** argv) {
  const char* usage =
      "usage: sliding_team_score --input=GLOB --output=PREFIX [--size-minutes=60]\n"
      "                          [--period-minutes=10] [--dead-letter=PATH]\n"
      "  writes 'window_start_ms,window_end_ms,team,total' lines to PREFIX-SSSSS-of-NNNNN\n";
  const std::set<std::string> known_flags = {"input", "output", "size-minutes", "period-minutes",
                                             "dead-letter"};
  return run_example("sliding_team_score", usage, known_flags, argc, argv,
                     [](ExampleFlags& flags, rill::Pipeline& p) {
                       SlidingTeamScoreOptions options;
                       options.input = flags.required("input");
                       options.output = flags.required("output");
                       options.size_minutes = flags.minutes("size-minutes", kDefaultSizeMinutes);
                       options.period_minutes =
                           flags.minutes("period-minutes", kDefaultPeriodMinutes);
                       options.dead_letter = flags.optional("dead-letter", "");
                       build_sliding_team_score(p, options);
                     });
}
