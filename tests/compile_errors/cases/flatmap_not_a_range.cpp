// A FlatMap whose function returns one value.
// expect: rill::FlatMap: the function must return a range
#include "rill.hpp"

int main() {
  rill::Pipeline p;
  auto nums = p | rill::Create("Nums", std::vector<int64_t>{1, 2, 3});
  auto bad = nums | rill::FlatMap("One", [](int64_t x) { return x; });
  auto next = bad | rill::Map("Next", [](int64_t n) { return n * 2; });
  p.run();
}
