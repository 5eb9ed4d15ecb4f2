// HourlyTeamScore as a standalone program: the pipeline `rill run hourly-team-score` runs.
//   hourly_team_score --input=GLOB --output=PREFIX [--window-minutes=60] [--dead-letter=PATH]
#include "examples/gaming/example_program.hpp"
#include "examples/gaming/hourly_team_score.hpp"

using namespace rill::examples::gaming;

int main(int argc, char** argv) {
  const char* usage =
      "usage: hourly_team_score --input=GLOB --output=PREFIX [--window-minutes=60]\n"
      "                         [--dead-letter=PATH]\n"
      "  writes 'window_start_ms,window_end_ms,team,total' lines to PREFIX-SSSSS-of-NNNNN\n";
  const std::set<std::string> known_flags = {"input", "output", "window-minutes", "dead-letter"};
  return run_example("hourly_team_score", usage, known_flags, argc, argv,
                     [](ExampleFlags& flags, rill::Pipeline& p) {
                       HourlyTeamScoreOptions options;
                       options.input = flags.required("input");
                       options.output = flags.required("output");
                       options.window_minutes =
                           flags.minutes("window-minutes", kDefaultWindowMinutes);
                       options.dead_letter = flags.optional("dead-letter", "");
                       build_hourly_team_score(p, options);
                     });
}
