#include "options/program_options.hpp"

#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>

#include "options/node_options.hpp"
#include "options/runner_options.hpp"

namespace rill {
namespace {

constexpr size_t kWidth = 100;
constexpr size_t kHelpColumn = 28;

// Appends `text` at `column`, wrapped at kWidth.
void wrap(std::string& out, const std::string& text, size_t column) {
  std::istringstream words(text);
  std::string word;
  size_t at = column;
  bool first = true;
  while (words >> word) {
    if (!first && at + 1 + word.size() > kWidth) {
      out += "\n" + std::string(column, ' ');
      at = column;
      first = true;
    }
    if (!first) {
      out += ' ';
      ++at;
    }
    out += word;
    at += word.size();
    first = false;
  }
}

std::string flag_text(const OptionSpec& s) {
  if (s.type() == OptionType::kBool) return "--" + s.name();
  if (s.implicit()) return "--" + s.name() + "[=" + s.value_name() + "]";
  return "--" + s.name() + "=" + s.value_name();
}

std::string notes(const OptionSpec& s) {
  std::vector<std::string> parts;
  if (s.is_required()) parts.push_back("required");
  if (s.default_text())
    parts.push_back("default: " + (s.default_text()->empty() ? "''" : *s.default_text()));
  if (const std::string b = s.bounds_text(); !b.empty()) parts.push_back(b);
  for (const auto& re : s.regexes()) parts.push_back("matching '" + re + "'");
  if (parts.empty()) return "";
  std::string out = " (";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out + ")";
}

const OptionSpec* find(const std::deque<OptionSpec>& specs, const std::string& name) {
  for (const auto& s : specs)
    if (s.name() == name) return &s;
  return nullptr;
}

const OptionSpec* find_runner(const std::string& name) {
  for (const auto& r : runner_options())
    if (r.spec.name() == name) return &r.spec;
  return nullptr;
}

std::vector<OptionSpec> runner_specs(const std::deque<OptionSpec>& extra) {
  std::vector<OptionSpec> all;
  for (const auto& r : runner_options()) all.push_back(r.spec);
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

}  // namespace

std::string option_lines(const std::vector<OptionSpec>& specs) {
  std::string out;
  for (const auto& s : specs) {
    std::string line = "  " + flag_text(s);
    if (line.size() + 2 > kHelpColumn) {
      out += line + "\n" + std::string(kHelpColumn, ' ');
    } else {
      out += line + std::string(kHelpColumn - line.size(), ' ');
    }
    wrap(out, s.help() + notes(s), kHelpColumn);
    out += "\n";
  }
  return out;
}

ProgramOptions::ProgramOptions(std::string program, std::string description)
    : program_(std::move(program)), description_(std::move(description)) {
  usage_ = "usage: " + program_ + " [--option=value ...]";
}

void ProgramOptions::check_new_name(const std::string& name) const {
  if (find(own_, name) || find(runner_extra_, name))
    throw std::invalid_argument("option --" + name + " is declared twice");
  if (find_runner(name) || name == "help")
    throw std::invalid_argument("option --" + name + " is one of the runner's options");
  if (is_node_option("--" + name))
    throw std::invalid_argument("option --" + name + " has a node option's name");
}

OptionSpec& ProgramOptions::add(OptionSpec spec) {
  check_new_name(spec.name());
  return own_.emplace_back(std::move(spec));
}

OptionSpec& ProgramOptions::add_runner_option(OptionSpec spec) {
  check_new_name(spec.name());
  return runner_extra_.emplace_back(std::move(spec));
}

ProgramOptions& ProgramOptions::for_template(const std::string& template_name) {
  subject_ = "template '" + template_name + "'";
  return *this;
}

ProgramOptions& ProgramOptions::usage(std::string line) {
  usage_ = std::move(line);
  return *this;
}

ParsedOptions ProgramOptions::parse(const std::vector<std::string>& args) const {
  ParsedOptions out;
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      out.help = true;
      return out;
    }
  const std::string noun = subject_.empty() ? "option" : "parameter";
  const std::string context = subject_.empty() ? "" : subject_ + ": ";
  auto unknown = [&](const std::string& name) {
    return UsageError(subject_.empty()
                          ? "unknown option --" + name + " (see '" + program_ + " --help')"
                          : subject_ + " has no parameter --" + name);
  };
  std::map<std::string, std::string> own, runner;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (is_node_option(a)) {
      out.node_args.push_back(a);
      continue;
    }
    if (a.rfind("--", 0) != 0 || a.size() == 2)
      throw UsageError("unexpected argument '" + a + "' (" + noun + "s are --name=value)");
    const size_t eq = a.find('=');
    const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    if (name.empty()) throw UsageError("empty " + noun + " name in '" + a + "'");
    const OptionSpec* spec = find(own_, name);
    const bool is_own = spec != nullptr;
    if (!spec) spec = find_runner(name);
    if (!spec) spec = find(runner_extra_, name);
    if (!spec) throw unknown(name);
    std::string value;
    if (eq != std::string::npos)
      value = a.substr(eq + 1);
    else if (spec->implicit())
      value = *spec->implicit();
    else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0)
      value = args[++i];
    else
      throw UsageError((is_own ? context : "") + noun + " " + a + " needs a value (--" + name +
                       "=" + spec->value_name() + ")");
    try {
      spec->check(value);
    } catch (const UsageError& e) {
      throw UsageError((is_own ? context : "") + e.what());
    }
    if (!(is_own ? own : runner).emplace(name, value).second)
      throw UsageError((is_own ? context : "") + noun + " --" + name + " given twice");
  }
  for (const auto& s : own_)
    if (s.is_required() && !own.count(s.name()))
      throw UsageError(context + "missing required " + noun + " --" + s.name());
  out.values = OptionValues({own_.begin(), own_.end()}, std::move(own));
  out.runner = OptionValues(runner_specs(runner_extra_), std::move(runner));
  out.pipeline.job_name = program_;
  apply_runner_options(out.runner, out.pipeline);
  return out;
}

ParsedOptions ProgramOptions::parse_or_exit(int argc, char** argv) const {
  try {
    ParsedOptions parsed = parse(std::vector<std::string>(argv + (argc > 0), argv + argc));
    if (parsed.help) {
      std::cout << help();
      std::exit(0);
    }
    return parsed;
  } catch (const UsageError& e) {
    std::cerr << program_ << ": " << e.what() << " (see --help)\n";
    std::exit(2);
  }
}

std::string ProgramOptions::own_options_help() const {
  return option_lines({own_.begin(), own_.end()});
}

std::string ProgramOptions::runner_options_help() const {
  return option_lines(runner_specs(runner_extra_));
}

std::string ProgramOptions::help() const {
  std::string out = usage_ + "\n";
  if (!description_.empty()) {
    wrap(out, description_, 0);
    out += "\n";
  }
  if (!own_.empty())
    out += (subject_.empty() ? std::string("options:\n") : "parameters of " + subject_ + ":\n") +
           own_options_help();
  out += "runner options:\n" + runner_options_help() + node_options_help();
  return out;
}

}  // namespace rill
