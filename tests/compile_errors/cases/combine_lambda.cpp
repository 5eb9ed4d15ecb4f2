// A CombineGlobally given a unary lambda instead of a CombineFn or a binary function.
// expect: rill: a combine takes a CombineFn .* or a binary function
#include "rill.hpp"

int main() {
  rill::Pipeline p;
  auto nums = p | rill::Create("Nums", std::vector<int64_t>{1, 2, 3});
  auto bad = nums | rill::CombineGlobally("Sum", [](int64_t a) { return a; });
  auto next = bad | rill::Map("Next", [](int64_t n) { return n * 2; });
  p.run();
}
