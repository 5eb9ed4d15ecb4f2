#pragma once
// Runs a program as a user would (through the shell), capturing its exit status and output.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "tests/examples/gaming_files.hpp"

namespace model_test {

struct Run {
  int status = -1;
  std::string out, err;
};

inline Run run(const std::string& binary, const std::string& args,
               const gaming_test::TempDir& dir) {
  const std::string out = dir.file("stdout.txt"), err = dir.file("stderr.txt");
  const std::string cmd = binary + " " + args + " >" + out + " 2>" + err + " </dev/null";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, gaming_test::read_file(out),
          gaming_test::read_file(err)};
}

// A failed job publishes nothing: its output directory is missing or empty.
inline bool nothing_published(const std::string& dir) {
  return !gaming_test::fs::exists(dir) || gaming_test::fs::is_empty(dir);
}

inline size_t count_lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace model_test
