#include "windowing/window_fn.hpp"

#include <doctest/doctest.h>

using namespace rill;

namespace {
std::vector<Window> assign(const WindowFn& fn, Timestamp ts) {
  WindowList out;
  fn.assign(ts, out);
  return {out.begin(), out.end()};
}

// Windows of the calendar-like kind "even/odd hundred", merging nothing.
class HundredsWindowFn : public CustomWindowFn {
 public:
  void assign(Timestamp ts, WindowList& out) const override {
    Timestamp start = ts - floor_mod(ts, 100);
    out.push_back(Window{start, start + 100});
  }
  std::string to_string() const override { return "Hundreds"; }
};
}  // namespace

TEST_CASE("WindowFn dispatches to the built-ins") {
  WindowFn global;
  CHECK(assign(global, 5) == std::vector<Window>{Window::global()});
  CHECK_FALSE(global.is_merging());
  CHECK(global.to_string() == "GlobalWindows");

  WindowFn fixed = FixedWindows(10);
  CHECK(assign(fixed, -1) == std::vector<Window>{{-10, 0}});
  CHECK(fixed.get_if<FixedWindows>()->size() == 10);
  CHECK(fixed.get_if<Sessions>() == nullptr);

  WindowFn sliding = SlidingWindows(10, 5);
  CHECK(assign(sliding, 7).size() == 2);
  CHECK_FALSE(sliding.is_merging());
  CHECK(sliding.merge(std::vector<Window>{{0, 10}, {5, 15}}).empty());

  WindowFn sessions = Sessions(10);
  CHECK(sessions.is_merging());
  CHECK(sessions.merge(std::vector<Window>{{0, 10}, {5, 15}}).size() == 1);
  CHECK(sessions.to_string() == "Sessions(10)");
}

TEST_CASE("WindowFn holds a custom window function") {
  WindowFn fn(std::make_shared<HundredsWindowFn>());
  CHECK(assign(fn, -1) == std::vector<Window>{{-100, 0}});
  CHECK(fn.custom() != nullptr);
  CHECK(fn.to_string() == "Hundreds");
  CHECK_FALSE(fn.is_merging());
  CHECK_THROWS_AS(WindowFn(std::shared_ptr<const CustomWindowFn>()), std::invalid_argument);
}

TEST_CASE("the output time transform is optional and copied with the WindowFn") {
  WindowFn plain = FixedWindows(10);
  CHECK_FALSE(plain.has_output_time_transform());
  CHECK(plain.transformed_output_time(Window{0, 10}, 3) == 3);
  WindowFn shifted =
      plain.with_output_time_transform([](const Window& w, Timestamp t) { return t + w.end; });
  WindowFn copy = shifted;
  CHECK(copy.has_output_time_transform());
  CHECK(copy.transformed_output_time(Window{0, 10}, 3) == 13);
  CHECK_FALSE(plain.has_output_time_transform());  // the original is unchanged
}
