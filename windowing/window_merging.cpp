#include "windowing/window_merging.hpp"

#include <algorithm>

namespace rill {

void merge_overlapping_windows(std::vector<Window>& windows, std::vector<IntervalMerge>& merges) {
  std::sort(windows.begin(), windows.end());  // by (start, end)
  windows.erase(std::unique(windows.begin(), windows.end()), windows.end());
  merges.clear();
  IntervalMerge group;
  auto close_group = [&] {
    if (group.count >= 2) merges.push_back(group);
  };
  for (size_t i = 0; i < windows.size(); ++i) {
    const Window& w = windows[i];
    if (group.count > 0 && w.start < group.result.end) {
      ++group.count;
      group.result = group.result.span(w);
    } else {
      close_group();
      group = IntervalMerge{i, 1, w};
    }
  }
  close_group();
}

std::vector<WindowMerge> merge_overlapping_windows(std::span<const Window> windows) {
  std::vector<Window> sorted(windows.begin(), windows.end());
  std::vector<IntervalMerge> groups;
  merge_overlapping_windows(sorted, groups);
  std::vector<WindowMerge> merges;
  merges.reserve(groups.size());
  for (const IntervalMerge& g : groups) {
    auto from = sorted.begin() + static_cast<ptrdiff_t>(g.first);
    merges.push_back(
        WindowMerge{std::vector<Window>(from, from + static_cast<ptrdiff_t>(g.count)), g.result});
  }
  return merges;
}

}  // namespace rill
