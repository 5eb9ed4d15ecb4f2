#pragma once
// PaneInfo says which firing of a window produced an element (Beam's PaneInfo).
#include <cstdint>
#include <string_view>

namespace rill {

enum class PaneTiming : uint8_t { kEarly, kOnTime, kLate, kUnknown };

inline constexpr std::string_view to_string(PaneTiming t) {
  switch (t) {
    case PaneTiming::kEarly:
      return "EARLY";
    case PaneTiming::kOnTime:
      return "ON_TIME";
    case PaneTiming::kLate:
      return "LATE";
    case PaneTiming::kUnknown:
      break;
  }
  return "UNKNOWN";
}

struct PaneInfo {
  PaneTiming timing = PaneTiming::kUnknown;
  bool is_first = true;
  bool is_last = true;
  int64_t index = 0;
  int64_t nonspeculative_index = 0;  // -1 for early panes

  // The pane of an element that has not been through a GroupByKey yet (Beam's NO_FIRING).
  static constexpr PaneInfo no_firing() { return PaneInfo{}; }
  friend constexpr bool operator==(const PaneInfo&, const PaneInfo&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(timing, is_first, is_last, index, nonspeculative_index);
  }
};

}  // namespace rill
