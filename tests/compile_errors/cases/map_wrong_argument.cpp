// A Map whose function takes another type than the elements; the Map after it is right.
// expect: rill::Map: the function cannot be called with the element type
#include "rill.hpp"

int main() {
  rill::Pipeline p;
  auto nums = p | rill::Create("Nums", std::vector<int64_t>{1, 2, 3});
  auto bad = nums | rill::Map("Wrong", [](const std::string& s) { return s.size(); });
  auto next = bad | rill::Map("Next", [](int64_t n) { return n * 2; });
  p.run();
}
