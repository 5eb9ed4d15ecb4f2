#include "cli/cli_main.hpp"

#include <iostream>
#include <set>

#include "actors/stop_signals.hpp"
#include "cli/jobs_command.hpp"
#include "cli/run_command.hpp"
#include "cli/template_metadata.hpp"
#include "options/node_options.hpp"

namespace rill {
namespace {

std::string usage(const std::string& program) {
  const std::string p = program;
  return "usage: " + p + " run TEMPLATE [--param=value ...] [runner options]\n" + "       " + p +
         " plan TEMPLATE [--param=value ...] [--dot]\n" + "       " + p +
         " templates [--format=text|json]\n" + "       " + p +
         " jobs list|describe|cancel|drain|stop|savepoint [JOB] " + "--endpoint=HOST:PORT\n" +
         "                 watch and steer running jobs (see '" + p + " jobs --help')\n" +
         "       " + p + " run TEMPLATE --help    the template's parameters\n" +
         "runner options:\n" + cli::run_options(program, nullptr).runner_options_help() +
         "signals: SIGINT/SIGTERM/SIGHUP stop the job: with --checkpoint-dir, with a savepoint\n"
         "  there (resume with --resume), else a cancel; a second signal cancels, a third exits\n";
}

int templates_command(const std::vector<Template>& templates,
                      const std::vector<std::string>& args) {
  std::string format = "text";
  for (const auto& a : args) {
    if (a.rfind("--format=", 0) == 0)
      format = a.substr(9);
    else
      throw UsageError("templates: unexpected argument '" + a + "' (--format=text|json)");
  }
  if (format == "json")
    std::cout << cli::templates_json(templates);
  else if (format == "text")
    std::cout << cli::templates_text(templates);
  else
    throw UsageError("templates: --format must be text or json, not '" + format + "'");
  return 0;
}

// A template declared twice, or with a parameter the runner or another parameter already
// takes, is the program's mistake: reported before any command runs.
void check_templates(const std::string& program, const std::vector<Template>& templates) {
  std::set<std::string> names;
  for (const auto& t : templates) {
    if (!names.insert(t.name).second)
      throw std::invalid_argument("template '" + t.name + "' is declared twice");
    if (!t.build) throw std::invalid_argument("template '" + t.name + "' has no build function");
    try {
      cli::run_options(program, &t);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("template '" + t.name + "': " + e.what());
    }
  }
}

// Messages from the library start with "rill: " too; print one line, once prefixed.
std::string one_line(std::string message) {
  if (message.rfind("rill: ", 0) == 0) message.erase(0, 6);
  return message;
}

}  // namespace

int cli_main(int argc, char** argv, const std::vector<Template>& templates) {
  std::string program = argc > 0 ? argv[0] : "rill";
  if (const size_t slash = program.rfind('/'); slash != std::string::npos)
    program.erase(0, slash + 1);
  std::vector<std::string> args(argv + (argc > 0), argv + argc);
  try {
    check_templates(program, templates);
    if (args.empty()) throw UsageError("missing command (see '" + program + " --help')");
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << usage(program);
      return 0;
    }
    const std::string cmd = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "templates") return templates_command(templates, rest);
    if (cmd == "jobs") return cli::run_jobs_command(rest);
    if (cmd == "run" || cmd == "plan") {
      if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
        std::cout << usage(program) << node_options_help() << cli::templates_text(templates);
        return 0;
      }
      if (cmd == "plan") return cli::run_template_command(program, templates, rest, true, nullptr);
      StopSignals signals;  // before any thread starts (see stop_signals.hpp)
      return cli::run_template_command(program, templates, rest, false, &signals);
    }
    throw UsageError("unknown command '" + cmd + "' (see '" + program + " --help')");
  } catch (const UsageError& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {  // pipeline construction: bad input or options
    std::cerr << program << ": " << one_line(e.what()) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << one_line(e.what()) << "\n";
    return 1;
  }
}

}  // namespace rill
