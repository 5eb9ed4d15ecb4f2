#pragma once
// Parameters of a template run: parsed from --name=value (or --name value), checked against
// the template's declared parameters. Every problem is a UsageError: one clear line, exit 2.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace rill::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ParamSpec {
  std::string name;
  std::string help;
  bool required = false;
  std::string default_value;
};

class TemplateParams {
 public:
  // `template_name` prefixes messages ("template 'wordcount': ..."); empty for runner options.
  TemplateParams(std::string template_name, std::map<std::string, std::string> values)
      : template_(std::move(template_name)), values_(std::move(values)) {}

  const std::string& str(const std::string& name) const;
  int64_t integer(const std::string& name, int64_t min, int64_t max) const;
  // An integer with an optional K, M or G suffix (powers of 1024): "64M".
  int64_t bytes(const std::string& name, int64_t min, int64_t max) const;
  bool has(const std::string& name) const { return values_.count(name) > 0; }

 private:
  std::string context() const;

  std::string template_;
  std::map<std::string, std::string> values_;
};

// Splits "--k=v" / "--k v" arguments into a map; rejects anything else.
std::map<std::string, std::string> parse_flags(const std::vector<std::string>& args);

}  // namespace rill::cli
