// rill: run a pipeline template on the embedded actor runtime (cli/cli_main.hpp), with the
// templates in examples/ (cli/builtin_templates.cpp).
#include "cli/builtin_templates.hpp"
#include "cli/cli_main.hpp"

int main(int argc, char** argv) {
  return rill::cli_main(argc, argv, rill::cli::builtin_templates());
}
