// UserScoreVsMean as a standalone program: the pipeline `rill run user-score-vs-mean` runs.
//   user_score_vs_mean --input=GLOB --output=PREFIX [--dead-letter=PATH] [--mean-output=PATH]
#include "examples/gaming/example_program.hpp"
#include "examples/gaming/user_score_vs_mean.hpp"

using namespace rill::examples::gaming;

int main(int argc, char** argv) {
  const char* usage =
      "usage: user_score_vs_mean --input=GLOB --output=PREFIX [--dead-letter=PATH]\n"
      "                          [--mean-output=PATH]\n"
      "  writes 'user,total,above_mean' lines to PREFIX-SSSSS-of-NNNNN (above_mean: total >\n"
      "  the exact mean of all user totals); --mean-output: 'users,sum_of_totals,mean'\n";
  const std::set<std::string> known_flags = {"input", "output", "dead-letter", "mean-output"};
  return run_example("user_score_vs_mean", usage, known_flags, argc, argv,
                     [](ExampleFlags& flags, rill::Pipeline& p) {
                       UserScoreVsMeanOptions options;
                       options.input = flags.required("input");
                       options.output = flags.required("output");
                       options.dead_letter = flags.optional("dead-letter", "");
                       options.mean_output = flags.optional("mean-output", "");
                       build_user_score_vs_mean(p, options);
                     });
}
