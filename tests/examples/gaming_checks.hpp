#pragma once
// Checks shared by the runner and CLI suites of the gaming templates.
#include <doctest/doctest.h>

#include <map>

#include "tests/examples/gaming_data.hpp"
#include "tests/examples/gaming_files.hpp"
#include "tests/examples/gaming_reference.hpp"

namespace gaming_test {

// One JSON line per malformed line: step ParseGameEvent, the raw line as the record, and an
// error saying what is wrong with it.
inline void check_dead_letters(const std::string& file_text, const GamingCsv& csv) {
  std::map<std::string, std::string> reason;  // raw line -> expected phrase
  std::vector<std::string> want;
  for (const auto& m : csv.malformed) {
    reason[m.line] = m.reason;
    want.push_back(m.line);
  }
  std::vector<std::string> got;
  for (const auto& line : lines_of(file_text)) {
    DeadLetterJson d;
    REQUIRE_NOTHROW(d = parse_dead_letter(line));
    CHECK(d.step == "ParseGameEvent");
    CAPTURE(d.record);
    REQUIRE(reason.count(d.record) == 1);
    CHECK_MESSAGE(d.error.find(reason[d.record]) != std::string::npos, d.error);
    got.push_back(d.record);
  }
  CHECK(sorted(got) == sorted(want));
}

}  // namespace gaming_test
