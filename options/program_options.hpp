#pragma once
// A program's command line: the runner's options (runner_options.hpp), the program's own
// declared options (Beam's custom PipelineOptions) and the node options for cluster roles
// (node_options.hpp), with --help. `rill run` parses a template's parameters with it too.
//
//   int main(int argc, char** argv) {
//     rill::ProgramOptions cli("wordlen", "Counts words by length");
//     cli.add<std::string>("input", "file or glob to read").required();
//     cli.add<int64_t>("min-length", 1, "shorter words are skipped").between(1, 100);
//     const rill::ParsedOptions args = cli.parse_or_exit(argc, argv);
//     rill::Pipeline p{args.pipeline};
//     ... args.values.get<std::string>("input"), args.values.get<int64_t>("min-length") ...
//   }
//
// Options are --name=value or --name value; a bool (or another option with an implicit value)
// also as a bare --name. Every problem is one UsageError naming the option: an unknown option,
// one given twice, a missing required one, a value of the wrong type, out of range or not
// matching the option's regexes.
#include <deque>
#include <string>
#include <vector>

#include "graph/options.hpp"
#include "options/option_spec.hpp"
#include "options/option_values.hpp"
#include "options/usage_error.hpp"

namespace rill {

struct ParsedOptions {
  PipelineOptions pipeline;  // the runner options given, over the defaults
  OptionValues values;       // the program's own options
  OptionValues runner;       // the runner options (and add_runner_option's), as given
  // The node options, untouched, for parse_node_settings() (actors/node_settings.hpp).
  std::vector<std::string> node_args;
  bool help = false;  // --help or -h was given: nothing else was parsed
};

class ProgramOptions {
 public:
  explicit ProgramOptions(std::string program, std::string description = "");

  // Declares an option (option_spec.hpp); returns it for more checks:
  //   add<int64_t>("min-count", 5, "help").between(1, 1000)
  // Throws std::invalid_argument for a name declared twice, or taken by the runner or the
  // node options.
  OptionSpec& add(OptionSpec spec);
  template <class T, class D>
  OptionSpec& add(std::string name, const D& default_value, std::string help) {
    return add(option<T>(std::move(name), default_value, std::move(help)));
  }
  template <class T>
  OptionSpec& add(std::string name, std::string help) {
    return add(option<T>(std::move(name), std::move(help)));
  }
  // An option the program reads itself from ParsedOptions::runner and lists among the
  // runner options (e.g. `rill run --quiet`).
  OptionSpec& add_runner_option(OptionSpec spec);

  // Messages and help speak of the parameters of `template_name` ("template 'x' has no
  // parameter --y") instead of the program's options.
  ProgramOptions& for_template(const std::string& template_name);
  // The first line of --help (default "usage: PROGRAM [--option=value ...]").
  ProgramOptions& usage(std::string line);

  // `args` without the program name. Throws UsageError.
  ParsedOptions parse(const std::vector<std::string>& args) const;
  // parse(); on --help prints help() and exits 0; on a UsageError prints "PROGRAM: message
  // (see --help)" on stderr and exits 2.
  ParsedOptions parse_or_exit(int argc, char** argv) const;

  // Usage, description, the program's options, the runner options and the node options.
  std::string help() const;
  // The program's own options and the runner options, one block each, as help() lists them.
  std::string own_options_help() const;
  std::string runner_options_help() const;

  const std::string& program() const { return program_; }
  std::vector<OptionSpec> options() const { return {own_.begin(), own_.end()}; }

 private:
  void check_new_name(const std::string& name) const;

  std::string program_, description_, usage_;
  std::string subject_;  // "template 'x'", or empty for the program
  // Deques: add() returns a reference that later declarations must not invalidate.
  std::deque<OptionSpec> own_;
  std::deque<OptionSpec> runner_extra_;
};

// One line per option (wrapped at 100 columns): "  --name=VALUE   help (default: D; in [a, b])".
std::string option_lines(const std::vector<OptionSpec>& specs);

}  // namespace rill
