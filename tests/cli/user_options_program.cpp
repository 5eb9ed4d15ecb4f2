// A user's program that parses its own options and the runner's with rill::ProgramOptions
// (no templates): it prints what it parsed. user_templates_test.cpp runs it as a child process.
#include <iostream>

#include "options/program_options.hpp"

int main(int argc, char** argv) {
  rill::ProgramOptions cli("user_options_program", "Prints the options it was given.");
  cli.add<std::string>("input", "file or glob to read").required();
  cli.add<int64_t>("min-count", 5, "rarer words are dropped").between(1, 1000);
  cli.add<double>("ratio", 0.5, "a share").between(0.0, 1.0);
  cli.add<std::chrono::milliseconds>("gap", std::chrono::minutes(10), "session gap");
  const rill::ParsedOptions args = cli.parse_or_exit(argc, argv);
  std::cout << "input=" << args.values.get<std::string>("input")
            << " min-count=" << args.values.get<int64_t>("min-count")
            << " ratio=" << args.values.get<double>("ratio")
            << " gap-ms=" << args.values.get<std::chrono::milliseconds>("gap").count()
            << " parallelism=" << args.pipeline.parallelism
            << " job-name=" << args.pipeline.job_name << " node-args=" << args.node_args.size()
            << "\n";
  return 0;
}
