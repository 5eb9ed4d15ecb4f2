// CoGroup as a standalone program: the pipeline `rill run cogroup` runs (see cogroup.hpp).
//   cogroup --left=GLOB --right=GLOB --output=PREFIX [--dead-letter=PATH]
#include "examples/gaming/example_program.hpp"
#include "examples/join/cogroup.hpp"

using namespace rill::examples;

int main(int argc, char** argv) {
  const char* usage =
      "usage: cogroup --left=GLOB --right=GLOB --output=PREFIX [--dead-letter=PATH]\n"
      "  input lines key,value (split at the first comma)\n"
      "  writes 'key|left values;...|right values;...' lines to PREFIX-SSSSS-of-NNNNN\n";
  const std::set<std::string> known_flags = {"left", "right", "output", "dead-letter"};
  return gaming::run_example("cogroup", usage, known_flags, argc, argv,
                             [](gaming::ExampleFlags& flags, rill::Pipeline& p) {
                               join::CoGroupOptions options;
                               options.left = flags.required("left");
                               options.right = flags.required("right");
                               options.output = flags.required("output");
                               options.dead_letter = flags.optional("dead-letter", "");
                               join::build_cogroup(p, options);
                             });
}
