#include "windowing/window_merging.hpp"

#include <algorithm>

namespace rill {

std::vector<WindowMerge> merge_overlapping_windows(std::span<const Window> windows) {
  std::vector<Window> sorted(windows.begin(), windows.end());
  std::sort(sorted.begin(), sorted.end());  // by (start, end)
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());

  std::vector<WindowMerge> merges;
  WindowMerge group;
  auto close_group = [&] {
    if (group.sources.size() >= 2) merges.push_back(std::move(group));
    group = WindowMerge{};
  };
  for (const Window& w : sorted) {
    if (!group.sources.empty() && w.start < group.result.end) {
      group.sources.push_back(w);
      group.result = group.result.span(w);
    } else {
      close_group();
      group.sources.push_back(w);
      group.result = w;
    }
  }
  close_group();
  return merges;
}

}  // namespace rill
