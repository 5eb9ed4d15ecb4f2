// UserScore as a standalone program: the pipeline `rill run user-score` runs.
//   user_score --input=GLOB --output=PREFIX [--dead-letter=PATH]
#include "examples/gaming/example_program.hpp"
#include "examples/gaming/user_score.hpp"

using namespace rill::examples::gaming;

int main(int argc, char** argv) {
  const char* usage =
      "usage: user_score --input=GLOB --output=PREFIX [--dead-letter=PATH]\n"
      "  writes 'user,total' lines to PREFIX-SSSSS-of-NNNNN\n";
  const std::set<std::string> known_flags = {"input", "output", "dead-letter"};
  return run_example("user_score", usage, known_flags, argc, argv,
                     [](ExampleFlags& flags, rill::Pipeline& p) {
                       UserScoreOptions options;
                       options.input = flags.required("input");
                       options.output = flags.required("output");
                       options.dead_letter = flags.optional("dead-letter", "");
                       build_user_score(p, options);
                     });
}
