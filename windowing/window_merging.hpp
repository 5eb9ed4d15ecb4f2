#pragma once
// Merging of interval windows (Beam's MergeOverlappingIntervalWindows), used by Sessions.
//
// Rule: sort the windows by start and walk them, growing a group while the next window's start
// is strictly less than the group's current end. Windows that only touch (end == start) do not
// merge. Every group of two or more distinct windows becomes one window [min start, max end).
#include <span>
#include <vector>

#include "windowing/window.hpp"

namespace rill {

// One merge: every window in `sources` is replaced by `result`. `result` may itself be one of
// the sources (a new element falling inside an existing session).
struct WindowMerge {
  std::vector<Window> sources;  // distinct, ascending
  Window result;
};

// Returns only the groups that actually merge (two or more distinct windows). Duplicates in
// the input count once. Windows not mentioned in any group are unchanged.
std::vector<WindowMerge> merge_overlapping_windows(std::span<const Window> windows);

// The same without allocating (once the vectors have grown): sorts `windows` and removes
// duplicates in place, then sets `merges` to the groups that merge, each the index range
// [first, first + count) of its sources in `windows`.
struct IntervalMerge {
  size_t first = 0;
  size_t count = 0;
  Window result;
};
void merge_overlapping_windows(std::vector<Window>& windows, std::vector<IntervalMerge>& merges);

}  // namespace rill
