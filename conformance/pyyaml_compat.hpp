#pragma once
// PyYAML compatibility for yaml-cpp. Beam's transcripts are read with PyYAML (YAML 1.1), which
// treats ':' inside a flow collection ({...} or [...]) as the key/value indicator even without
// a following space: `{values:[1, 2]}` is the map {values: [1, 2]}. yaml-cpp (YAML 1.2) rejects
// that, and trigger_transcripts.yaml contains it. This pre-pass inserts the missing space.
//
// It tracks flow depth, quoted scalars ('...' with '' escapes, "..." with backslash escapes)
// and comments ('#' at line start or after whitespace), and touches nothing else.
#include <string>
#include <string_view>

namespace rill::conformance {

std::string space_flow_colons(std::string_view yaml);

}  // namespace rill::conformance
