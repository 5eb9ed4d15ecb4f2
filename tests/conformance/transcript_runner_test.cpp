#include "conformance/transcript_runner.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace rill;
using namespace rill::conformance;

namespace {
CaseResult run(const std::string& yaml) {
  std::ostringstream warnings;
  return run_case(YAML::Load(yaml), "t", warnings);
}
}  // namespace

TEST_CASE("document defaults follow the transcripts, not the C++ API") {
  WindowingStrategy s = strategy_from_document(YAML::Load("transcript: []"));
  CHECK(s.window_fn.get_if<GlobalWindows>() != nullptr);
  CHECK(s.trigger.kind() == TriggerKind::kDefault);
  CHECK(s.accumulation_mode == AccumulationMode::kAccumulating);
  CHECK(s.allowed_lateness == 0);
  CHECK(s.timestamp_combiner == TimestampCombiner::kEndOfWindow);

  WindowingStrategy t = strategy_from_document(
      YAML::Load("{accumulation_mode: Discarding, timestamp_combiner: output_at_latest, "
                 "allowed_lateness: 7, windowfn: Sessions(3)}"));
  CHECK(t.accumulation_mode == AccumulationMode::kDiscarding);
  CHECK(t.timestamp_combiner == TimestampCombiner::kLatest);
  CHECK(t.allowed_lateness == 7);
  CHECK(t.window_fn.get_if<GlobalWindows>() != nullptr);  // `windowfn` is not a known key

  CHECK_THROWS_WITH_AS(strategy_from_document(YAML::Load("{accumulation_mode: sometimes}")),
                       doctest::Contains("unknown accumulation_mode"), TranscriptFailure);
  CHECK_THROWS_WITH_AS(strategy_from_document(YAML::Load("{allowed_lateness: -1}")),
                       doctest::Contains("allowed lateness"), TranscriptFailure);
}

TEST_CASE("expect matches partially and consumes one pane per item") {
  const char* base = R"(
window_fn: FixedWindows(10)
transcript:
  - input: [1, 2, 11]
  - watermark: 20
  - expect:
)";
  CHECK(run(std::string(base) + "      - {window: [0, 9]}\n      - {values: [11]}\n").passed);
  CHECK(run(std::string(base) + "      - {window: [0, 9], colour: red}\n      - {index: 0}\n")
            .passed);  // unknown keys are ignored
  // Two identical items need two panes: the second one does not match.
  CaseResult twice = run(std::string(base) +
                         "      - {index: 0}\n      - {index: 0}\n"
                         "      - {index: 0}\n");
  CHECK_FALSE(twice.passed);
  CHECK(twice.reason.find("Unmatched output {index: 0} in []") == 0);
  // Leftover panes fail at the end.
  CaseResult leftover = run(std::string(base) + "      - {window: [0, 9]}\n");
  CHECK_FALSE(leftover.passed);
  CHECK(leftover.reason.find("Unexpected output [{window: [10, 19]") == 0);
}

TEST_CASE("negative cases pass only with a matching failure") {
  CHECK(run("{window_fn: FixedWindows(10), error: Unexpected,"
            " transcript: [{input: [1]}, {watermark: 100}, {input: [2]}]}")
            .passed);
  CaseResult wrong =
      run("{window_fn: FixedWindows(10), error: Unmatched,"
          " transcript: [{input: [1]}, {watermark: 100}]}");
  CHECK_FALSE(wrong.passed);
  CHECK(wrong.reason.find("does not match 'Unmatched'") != std::string::npos);
  CaseResult no_failure = run("{error: Unmatched, transcript: [{input: [1]}]}");
  CHECK_FALSE(no_failure.passed);
  CHECK(no_failure.reason.find("the transcript passed") != std::string::npos);
}

TEST_CASE("error regexes are matched in linear time, and bad ones are reported") {
  // std::regex took minutes over both (backtracking); RE2 is linear.
  CaseResult slow =
      run("{window_fn: FixedWindows(10), error: '(a|aa|.)*(.|..)*Unexpected',"
          " transcript: [{input: [1]}, {watermark: 100}, {input: [2]}]}");
  CHECK(slow.passed);
  CaseResult bad = run("{error: '.+++++++++++++++++++++++', transcript: [{input: [1]}]}");
  CHECK_FALSE(bad.passed);
  CHECK(bad.reason ==
        "invalid error regex '.+++++++++++++++++++++++': bad repetition operator: ++");
}

TEST_CASE("timestamps stay within Beam's range") {
  CHECK(run("{window_fn: FixedWindows(10), transcript: [{input: [-9223372036854775]},"
            " {clock: 9223372036854775}, {watermark: 9223372036854775},"
            " {expect: [{window: [-9223372036854780, -9223372036854771]}]}]}")
            .passed);
  CHECK(run("{transcript: [{input: [9223372036854776]}]}").reason ==
        "input element 9223372036854776 is outside Beam's timestamps [-9223372036854775, "
        "9223372036854775]");
  CHECK(run("{transcript: [{watermark: -9223372036854776}]}").reason.find("watermark") == 0);
  CHECK(run("{transcript: [{clock: 9223372036854775807}]}").reason.find("clock") == 0);
}

TEST_CASE("the window assignments of one transcript are bounded") {
  std::string inputs;
  for (int i = 0; i < 101; ++i) inputs += (i ? ", " : "") + std::to_string(i * 10000);
  CHECK(run("{window_fn: 'SlidingWindows(10000, 1)', transcript: [{input: [" + inputs + "]}]}")
            .reason == "more than 1000000 window assignments in one transcript");
}

TEST_CASE("duplicate names become unique as in Beam") {
  CaseNamer n;
  CHECK(n.unique("a") == "a");
  CHECK(n.unique("a") == "a_1");
  CHECK(n.unique("b") == "b");
  CHECK(n.unique("a") == "a_2");
}

TEST_CASE("loading YAML text: hostile streams are errors, not endless loops") {
  auto error = [](std::string_view text) {
    try {
      load_documents_from_text(text, "t.yaml");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // yaml-cpp 0.7.0 reads a stray ',' as an empty document, forever.
  CHECK(error(",") == "t.yaml: malformed YAML at line 1, column 1: unexpected ','");
  CHECK(error("\n  ,\n") == "t.yaml: malformed YAML at line 2, column 3: unexpected ','");
  CHECK(error("a: 1\n---\n,") == "t.yaml: malformed YAML at line 3, column 1: unexpected ','");
  CHECK(error("[1").find("t.yaml: malformed YAML at line 1") == 0);
  CHECK(error(std::string(kMaxTranscriptBytes + 1, ' ')) ==
        "t.yaml: larger than 1 MiB, the most a transcript file may have");

  // Empty documents are still fine, and skipped.
  CHECK(load_documents_from_text("---\n---\na: 1\n---\n...\n---\n", "t").size() == 1);
  CHECK(load_documents_from_text("", "t").empty());
  CHECK(load_documents_from_text("a: 1\n---\nb: 2\n", "t").size() == 2);
  CHECK(load_documents_from_text("{values:[1, 2]}", "t")[0]["values"].size() == 2);
}
