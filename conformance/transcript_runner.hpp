#pragma once
// Runs Beam trigger transcripts the way Beam's reference runner does (FORMAT.md "variant 1",
// TriggerDriverTranscriptTest): one key, the watermark moved only by `watermark:` actions,
// every emitted pane matched by the `expect:` items directly after the action that made it.
//
// Actions: input (one bundle), watermark, clock (absolute processing time; starts at 0),
// expect, state (ignored, like every Beam runner). A negative case (`error:` key) passes iff
// the run fails with a message that contains a match for the regex (RE2 syntax, close to
// Python's: matched in linear time, whatever the pattern).
#include <iosfwd>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "windowing/windowing_strategy.hpp"

namespace rill::conformance {

// The run of a transcript failed; what() is the reason ("Unmatched output ...", ...).
class TranscriptFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CaseResult {
  std::string name;
  bool passed = false;
  std::string reason;  // why it failed
};

// The windowing strategy a document describes (transcript defaults: accumulating mode).
// Throws TranscriptFailure for unknown functions and malformed values.
WindowingStrategy strategy_from_document(const YAML::Node& doc);

// Runs the transcript of a document, ignoring its `error:` key. Throws TranscriptFailure.
// Warnings (e.g. ignored pane fields) go to `warnings`.
void run_transcript(const YAML::Node& doc, std::ostream& warnings);

// Runs one test case: a positive case passes iff run_transcript succeeds; a negative case
// passes iff it fails with a message matching its `error` regex.
CaseResult run_case(const YAML::Node& doc, const std::string& name, std::ostream& warnings);

// Beam's test names: the first `x` is `x`, repeats become `x_1`, `x_2`, ...
class CaseNamer {
 public:
  std::string unique(const std::string& base);

 private:
  std::map<std::string, int> seen_;
};

// The largest transcript file read (Beam's is 9 KB): yaml-cpp takes up to ~250 times a
// file's size in memory (a 14 MiB file took 3.7 GB), so a bigger file is refused.
inline constexpr size_t kMaxTranscriptBytes = 1 << 20;

// All documents of a YAML file (empty documents skipped). Throws std::runtime_error with the
// file name and the parser's position on unreadable, oversized or malformed YAML.
std::vector<YAML::Node> load_documents(const std::string& path);

// The same for YAML text; `source` names it in messages. Guards against yaml-cpp 0.7.0's
// endless LoadAll (upstream issue 1040: a stray ',' yields empty documents forever, each one
// kept, until memory runs out): a first pass hands the documents to an event handler that
// requires every document to start after the one before, and only then are they loaded.
std::vector<YAML::Node> load_documents_from_text(std::string_view text, const std::string& source);

}  // namespace rill::conformance
