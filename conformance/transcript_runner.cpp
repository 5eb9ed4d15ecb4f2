#include "conformance/transcript_runner.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <ostream>
#include <set>
#include <sstream>

#include <re2/re2.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "conformance/pane_record.hpp"
#include "conformance/pyyaml_compat.hpp"
#include "conformance/strategy_builder.hpp"
#include "windowing/keyed_window_state.hpp"

namespace rill::conformance {

namespace {

std::string scalar(const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) throw TranscriptFailure(what + " must be a scalar, got " + flow_string(n));
  return n.Scalar();
}

int64_t integer(const YAML::Node& n, const std::string& what) {
  try {
    if (n.IsScalar()) return n.as<int64_t>();
  } catch (const YAML::Exception&) {
  }
  throw TranscriptFailure(what + " must be an integer, got " + flow_string(n));
}

// At most 80 characters of `s`, for messages.
std::string shorten(const std::string& s) {
  constexpr size_t kShown = 80;
  if (s.size() <= kShown) return s;
  return s.substr(0, kShown) + "... (" + std::to_string(s.size()) + " characters)";
}

// An event or processing time: within Beam's range, which rill's windowing arithmetic
// assumes (a timestamp near the int64 limits overflowed it).
Timestamp timestamp(const YAML::Node& n, const std::string& what) {
  const int64_t t = integer(n, what);
  if (t < kMinTimestamp || t > kMaxTimestamp)
    throw TranscriptFailure(what + " " + std::to_string(t) + " is outside Beam's timestamps [" +
                            std::to_string(kMinTimestamp) + ", " + std::to_string(kMaxTimestamp) +
                            "]");
  return t;
}

// The most windows the elements of one transcript may be assigned to, in all: with
// SlidingWindows a few elements can otherwise take gigabytes (10^7 took 2.7 GB).
constexpr size_t kMaxWindowAssignments = 1'000'000;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// One transcript run: a single key's KeyedWindowState plus the pending outputs P.
class Driver {
 public:
  explicit Driver(WindowingStrategy strategy, std::ostream& warnings)
      : strategy_(std::make_unique<WindowingStrategy>(std::move(strategy))),
        state_(strategy_.get()),
        warnings_(warnings) {}

  void run(const YAML::Node& transcript) {
    if (!transcript.IsSequence())
      throw TranscriptFailure("'transcript' must be a list, got " + flow_string(transcript));
    for (const YAML::Node& item : transcript) {
      if (!item.IsMap() || item.size() != 1)
        throw TranscriptFailure("Invalid transcript item (expected a map with one key): " +
                                flow_string(item));
      const auto kv = *item.begin();
      std::string action = kv.first.as<std::string>();
      const YAML::Node& param = kv.second;
      if (action != "expect") require_no_pending("before '" + action + "'");
      if (action == "input") {
        input(param);
      } else if (action == "watermark") {
        watermark_ = timestamp(param, "watermark");
        state_.on_watermark(watermark_, emitter());
      } else if (action == "clock") {
        clock_ = timestamp(param, "clock");
        state_.on_processing_time(clock_, emitter());
      } else if (action == "expect") {
        expect(param);
      } else if (action == "state") {
        // Ignored by every Beam runner (FORMAT.md 5.4).
      } else {
        throw TranscriptFailure("Unknown action: " + action);
      }
    }
    require_no_pending("at the end of the transcript");
  }

 private:
  struct Element {
    int64_t value;
    Timestamp timestamp;
    Window window;
  };
  using State = KeyedWindowState<BufferPolicy<int64_t>>;

  // Records every emitted pane in P.
  struct Recorder {
    std::vector<PaneRecord>* pending;
    template <class Values>
    void operator()(const Window& w, const PaneInfo& pane, Timestamp ts, Values&& values) const {
      PaneRecord r;
      r.window_start = w.start;
      r.window_last = w.max_timestamp();
      r.values.assign(values.begin(), values.end());
      std::sort(r.values.begin(), r.values.end());
      r.timestamp = ts;
      r.index = pane.index;
      r.nonspeculative_index = pane.nonspeculative_index;
      r.early = pane.timing == PaneTiming::kEarly;
      r.late = pane.timing == PaneTiming::kLate;
      r.final = pane.is_last;
      pending->push_back(std::move(r));
    }
  };
  Recorder emitter() { return Recorder{&pending_}; }

  void input(const YAML::Node& param) {
    if (!param.IsSequence())
      throw TranscriptFailure("input must be a list of timestamps, got " + flow_string(param));
    std::vector<Element> bundle;
    WindowList windows;
    for (const YAML::Node& n : param) {
      const Timestamp t = timestamp(n, "input element");
      windows.clear();
      strategy_->window_fn.assign(t, windows);
      assignments_ += windows.size();
      if (assignments_ > kMaxWindowAssignments)
        throw TranscriptFailure("more than " + std::to_string(kMaxWindowAssignments) +
                                " window assignments in one transcript");
      for (const Window& w : windows) bundle.push_back(Element{t, t, w});
    }
    state_.process_bundle(bundle, watermark_, clock_, emitter());
  }

  void expect(const YAML::Node& param) {
    if (!param.IsSequence())
      throw TranscriptFailure("expect must be a list of panes, got " + flow_string(param));
    for (const YAML::Node& expected : param) {
      warn_unknown_fields(expected);
      auto it = pending_.begin();
      try {
        it = std::find_if(pending_.begin(), pending_.end(),
                          [&](const PaneRecord& p) { return matches(expected, p); });
      } catch (const std::runtime_error& e) {
        throw TranscriptFailure(e.what());
      }
      if (it == pending_.end())
        throw TranscriptFailure("Unmatched output " + flow_string(expected) + " in " +
                                to_string(pending_));
      pending_.erase(it);
    }
  }

  void require_no_pending(const std::string& where) {
    if (!pending_.empty())
      throw TranscriptFailure("Unexpected output " + to_string(pending_) + " " + where);
  }

  void warn_unknown_fields(const YAML::Node& expected) {
    if (!expected.IsMap()) return;
    for (const auto& kv : expected) {
      std::string key = kv.first.as<std::string>();
      if (!is_pane_field(key) && warned_.insert(key).second)
        warnings_ << "warning: ignoring unknown pane field '" << key << "'\n";
    }
  }

  std::unique_ptr<WindowingStrategy> strategy_;  // stable address for state_
  State state_;
  std::ostream& warnings_;
  Timestamp watermark_ = kMinTimestamp;
  Timestamp clock_ = 0;
  std::vector<PaneRecord> pending_;
  std::set<std::string> warned_;
  size_t assignments_ = 0;
};

}  // namespace

WindowingStrategy strategy_from_document(const YAML::Node& doc) {
  WindowingStrategy s;
  s.accumulation_mode = AccumulationMode::kAccumulating;  // the transcripts' default
  try {
    if (const YAML::Node n = doc["window_fn"])
      s.window_fn = parse_window_fn(scalar(n, "window_fn"));
    if (const YAML::Node n = doc["trigger_fn"]) s.trigger = parse_trigger(scalar(n, "trigger_fn"));
  } catch (const BuildError& e) {
    throw TranscriptFailure(e.what());
  }
  if (const YAML::Node n = doc["accumulation_mode"]) {
    std::string m = lower(scalar(n, "accumulation_mode"));
    if (m == "accumulating") {
      s.accumulation_mode = AccumulationMode::kAccumulating;
    } else if (m == "discarding") {
      s.accumulation_mode = AccumulationMode::kDiscarding;
    } else {
      throw TranscriptFailure("unknown accumulation_mode: " + n.Scalar());
    }
  }
  if (const YAML::Node n = doc["timestamp_combiner"]) {
    std::string c = lower(scalar(n, "timestamp_combiner"));
    if (c == "output_at_eow") {
      s.timestamp_combiner = TimestampCombiner::kEndOfWindow;
    } else if (c == "output_at_earliest") {
      s.timestamp_combiner = TimestampCombiner::kEarliest;
    } else if (c == "output_at_latest") {
      s.timestamp_combiner = TimestampCombiner::kLatest;
    } else if (c == "output_at_earliest_transformed") {
      s.timestamp_combiner = TimestampCombiner::kEarliestTransformed;
    } else {
      throw TranscriptFailure("unknown timestamp_combiner: " + n.Scalar());
    }
  }
  if (const YAML::Node n = doc["allowed_lateness"])
    s.allowed_lateness = integer(n, "allowed_lateness");
  try {
    s.validate();
  } catch (const std::invalid_argument& e) {
    throw TranscriptFailure(e.what());
  }
  return s;
}

void run_transcript(const YAML::Node& doc, std::ostream& warnings) {
  if (!doc.IsMap()) throw TranscriptFailure("a transcript document must be a map");
  const YAML::Node transcript = doc["transcript"];
  if (!transcript) throw TranscriptFailure("missing 'transcript'");
  Driver driver(strategy_from_document(doc), warnings);
  driver.run(transcript);
}

CaseResult run_case(const YAML::Node& doc, const std::string& name, std::ostream& warnings) {
  CaseResult r;
  r.name = name;
  std::optional<std::string> failure;
  try {
    run_transcript(doc, warnings);
  } catch (const TranscriptFailure& e) {
    failure = e.what();
  } catch (const std::exception& e) {  // yaml-cpp conversions and the like
    failure = std::string("error: ") + e.what();
  }

  const YAML::Node error = doc.IsMap() ? doc["error"] : YAML::Node();
  if (!doc.IsMap() || !error) {
    r.passed = !failure;
    if (failure) r.reason = *failure;
    return r;
  }
  std::string pattern = error.IsScalar() ? error.Scalar() : flow_string(error);
  // RE2, not std::regex: libstdc++ backtracks, so a pattern such as `.+++++++++` took longer
  // than any bound (found by fuzz_transcript), and its recursion grows with the text.
  // RE2 matches in linear time and bounded memory; its syntax is close to Python's, which
  // Beam's runner uses.
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 re(pattern, options);
  if (!re.ok()) {
    r.reason = "invalid error regex '" + shorten(pattern) + "': " + re.error();
    return r;
  }
  if (!failure) {
    r.reason = "expected a failure matching '" + shorten(pattern) + "', but the transcript passed";
    return r;
  }
  r.passed = RE2::PartialMatch(*failure, re);
  if (!r.passed) r.reason = "failure '" + *failure + "' does not match '" + shorten(pattern) + "'";
  return r;
}

std::string CaseNamer::unique(const std::string& base) {
  int n = seen_[base]++;
  return n == 0 ? base : base + "_" + std::to_string(n);
}

namespace {

// Reads a YAML stream document by document without building nodes, and stops a parser that
// makes no progress. yaml-cpp 0.7.0 reports a document that it cannot get past (a stray ','
// at the top level) as an empty document that starts where it stands, and does so again on
// every call, so YAML::LoadAll collects empty documents until memory runs out (upstream
// issues 1040 and PR 1319). Every real document starts after the one before it.
class ProgressCheck : public YAML::EventHandler {
 public:
  explicit ProgressCheck(std::string_view text) : text_(text) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (documents_++ > 0 && mark.pos <= last_start_) {
      const bool known = mark.pos >= 0 && static_cast<size_t>(mark.pos) < text_.size();
      const char c = known ? text_[static_cast<size_t>(mark.pos)] : '?';
      throw YAML::ParserException(mark, known && std::isprint(static_cast<unsigned char>(c))
                                            ? std::string("unexpected '") + c + "'"
                                            : std::string("the parser makes no progress here"));
    }
    last_start_ = mark.pos;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  std::string_view text_;
  size_t documents_ = 0;
  int last_start_ = -1;
};

}  // namespace

std::vector<YAML::Node> load_documents_from_text(std::string_view text, const std::string& source) {
  if (text.size() > kMaxTranscriptBytes)
    throw std::runtime_error(source + ": larger than " + std::to_string(kMaxTranscriptBytes >> 20) +
                             " MiB, the most a transcript file may have");
  const std::string yaml = space_flow_colons(text);
  std::vector<YAML::Node> docs;
  try {
    {
      std::istringstream in(yaml);
      YAML::Parser parser(in);
      ProgressCheck check(yaml);
      while (parser.HandleNextDocument(check)) {
      }
    }
    for (YAML::Node& d : YAML::LoadAll(yaml))
      if (d && !d.IsNull()) docs.push_back(d);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(source + ": malformed YAML at line " +
                             std::to_string(e.mark.line + 1) + ", column " +
                             std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return docs;
}

std::vector<YAML::Node> load_documents(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error(path + ": cannot open file");
  std::string text;
  char buf[1 << 16];
  while (file.read(buf, sizeof buf) || file.gcount() > 0) {
    text.append(buf, static_cast<size_t>(file.gcount()));
    if (text.size() > kMaxTranscriptBytes) break;  // refused, without reading the rest
  }
  if (file.bad()) throw std::runtime_error(path + ": cannot read file");
  return load_documents_from_text(text, path);
}

}  // namespace rill::conformance
