// A Map whose function returns nothing.
// expect: rill::Map: the function must return the new element
#include "rill.hpp"

int main() {
  rill::Pipeline p;
  auto nums = p | rill::Create("Nums", std::vector<int64_t>{1, 2, 3});
  auto bad = nums | rill::Map("Nothing", [](int64_t x) { (void)x; });
  auto next = bad | rill::Map("Next", [](int64_t n) { return n * 2; });
  p.run();
}
