#pragma once
// What the four gaming programs share: flags spelled as `rill run` takes them
// (--name=value or --name value) and its exit status: 0 done, 1 the job failed at run time,
// 2 bad usage or bad input (one clear line on stderr).
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "graph/pipeline.hpp"

namespace rill::examples::gaming {

class ExampleFlags {
 public:
  // Throws std::invalid_argument for anything but --name=value / --name value pairs of the
  // `known` flags (so a typo is reported before anything else).
  ExampleFlags(int argc, char** argv, const std::set<std::string>& known);

  // Each throws std::invalid_argument naming the flag when it is missing or malformed.
  const std::string& required(const std::string& name);
  std::string optional(const std::string& name, const std::string& fallback);
  int64_t minutes(const std::string& name, int64_t fallback);  // an integer in [1, kMaxMinutes]

 private:
  std::map<std::string, std::string> values_;
};

// Parses argv, lets `build` add the steps, runs the pipeline and prints its summary.
// Returns the exit status; `usage` is what --help prints.
int run_example(const std::string& program, const std::string& usage,
                const std::set<std::string>& known_flags, int argc, char** argv,
                const std::function<void(ExampleFlags&, Pipeline&)>& build);

}  // namespace rill::examples::gaming
