#pragma once
// The `rill` command for a program's own templates (Dataflow's flex templates):
//
//   int main(int argc, char** argv) {
//     return rill::cli_main(argc, argv, {word_lengths, other_template});
//   }
//
// gives the program the verbs of `rill` (README: "The rill command"):
//   PROGRAM templates [--format=text|json]      the templates, or their metadata as JSON
//   PROGRAM run TEMPLATE --param=value ... [runner options] [node options: cluster roles]
//   PROGRAM plan TEMPLATE --param=value ... [--dot]
//   PROGRAM jobs list|describe|cancel|drain|stop|savepoint [JOB] --endpoint=HOST:PORT
// Parameters are checked against the template's declarations before the job starts. Messages
// start with the program's name. Exit status: 0 done, 1 the job failed at run time, 2 bad
// usage or bad input, 128+N after signal N.
#include <vector>

#include "cli/template.hpp"

namespace rill {

int cli_main(int argc, char** argv, const std::vector<Template>& templates);

}  // namespace rill
