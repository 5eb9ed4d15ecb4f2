// A Filter whose predicate takes another type.
// expect: rill::Filter: the predicate must take the element
#include "rill.hpp"

int main() {
  rill::Pipeline p;
  auto nums = p | rill::Create("Nums", std::vector<int64_t>{1, 2, 3});
  auto bad = nums | rill::Filter("Empty", [](const std::string& s) { return s.empty(); });
  auto next = bad | rill::Map("Next", [](int64_t n) { return n * 2; });
  p.run();
}
