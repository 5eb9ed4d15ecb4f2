#pragma once
// Dead-letter files of the patterns, ETL, cogroup and user-score-vs-mean tests: exactly the
// expected (step, record) pairs, as a multiset, each with an error containing its phrase.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/examples/gaming_files.hpp"

namespace model_test {

struct ExpectedDeadLetter {
  std::string step;    // the step whose dead letter it is
  std::string record;  // the record as written (the raw line for parse steps)
  std::string reason;  // a phrase its error must contain
};

inline void check_dead_letters(const std::string& file_text,
                               const std::vector<ExpectedDeadLetter>& expected) {
  std::vector<std::string> want, got;
  for (const auto& e : expected) want.push_back(e.step + " | " + e.record);
  for (const auto& line : gaming_test::lines_of(file_text)) {
    gaming_test::DeadLetterJson d;
    REQUIRE_NOTHROW(d = gaming_test::parse_dead_letter(line));
    got.push_back(d.step + " | " + d.record);
    const auto match = std::find_if(expected.begin(), expected.end(), [&](const auto& e) {
      return e.step == d.step && e.record == d.record &&
             d.error.find(e.reason) != std::string::npos;
    });
    CHECK_MESSAGE(match != expected.end(), "unexpected dead letter: " << line);
  }
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  CHECK(got == want);
}

}  // namespace model_test
