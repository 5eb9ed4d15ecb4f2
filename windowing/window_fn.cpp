#include "windowing/window_fn.hpp"

#include <stdexcept>

namespace rill {

WindowFn::WindowFn(std::shared_ptr<const CustomWindowFn> f) : fn_(std::move(f)) {
  if (!std::get<Custom>(fn_)) throw std::invalid_argument("WindowFn: null CustomWindowFn");
}

std::vector<WindowMerge> WindowFn::merge(std::span<const Window> windows) const {
  if (std::holds_alternative<Sessions>(fn_)) return merge_overlapping_windows(windows);
  if (auto* c = std::get_if<Custom>(&fn_); c && (*c)->is_merging()) return (*c)->merge(windows);
  return {};
}

WindowFn WindowFn::with_output_time_transform(OutputTimeTransform transform) const {
  WindowFn copy = *this;
  copy.transform_ =
      transform ? std::make_shared<const OutputTimeTransform>(std::move(transform)) : nullptr;
  return copy;
}

std::string WindowFn::to_string() const {
  return std::visit(
      [](const auto& f) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(f)>, Custom>)
          return f->to_string();
        else
          return f.to_string();
      },
      fn_);
}

}  // namespace rill
