#pragma once
// PaneRecord: what the transcripts observe of an emitted pane (FORMAT.md 6), and how an
// expected item (a YAML map naming any subset of the 8 fields) is matched against it.
#include <cstdint>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace rill::conformance {

struct PaneRecord {
  int64_t window_start = 0;
  int64_t window_last = 0;      // end - 1, as the transcripts write windows
  std::vector<int64_t> values;  // sorted ascending
  int64_t timestamp = 0;
  int64_t index = 0;
  int64_t nonspeculative_index = 0;
  bool early = false;
  bool late = false;
  bool final = false;

  std::string to_string() const;
};

std::string to_string(const std::vector<PaneRecord>& panes);

// The names of the fields an expected item may check.
bool is_pane_field(const std::string& key);

// Whether every pane field present in `expected` equals the actual pane's. Keys that are not
// pane fields are ignored. Throws std::runtime_error for a malformed expected value.
bool matches(const YAML::Node& expected, const PaneRecord& actual);

// Flow-style text of a YAML node, e.g. {window: [0, 9], values: [1, 2]}.
std::string flow_string(const YAML::Node& node);

}  // namespace rill::conformance
