// A CombinePerKey of elements that are not KVs.
// expect: rill::CombinePerKey: the input must be a PCollection<rill::KV<K, V>>
#include "rill.hpp"

int main() {
  rill::Pipeline p;
  auto nums = p | rill::Create("Nums", std::vector<int64_t>{1, 2, 3});
  auto bad = nums | rill::CombinePerKey("Sum", rill::combine::Sum<int64_t>{});
  auto next = bad | rill::Map("Next", [](int64_t n) { return n * 2; });
  p.run();
}
