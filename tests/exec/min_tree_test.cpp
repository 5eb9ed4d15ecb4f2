// MinTree against a brute-force minimum under random sets, growth and pops.
#include "exec/min_tree.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

using rill::detail::MinTree;

TEST_CASE("MinTree keeps the minimum over ids through sets, growth and pops") {
  std::mt19937_64 rng(5);
  MinTree tree;
  std::vector<int64_t> model;
  CHECK(tree.min() == MinTree::kNone);
  auto brute_min = [&] {
    return model.empty() ? MinTree::kNone : *std::min_element(model.begin(), model.end());
  };
  for (int step = 0; step < 20000; ++step) {
    const uint64_t action = rng() % 10;
    if (action == 0 && model.size() < 300) {  // a new id
      model.push_back(MinTree::kNone);
      tree.resize(model.size());
    } else if (action < 8 && !model.empty()) {  // move one id's time, or clear it
      const auto id = static_cast<uint32_t>(rng() % model.size());
      const int64_t t = rng() % 4 == 0 ? MinTree::kNone : static_cast<int64_t>(rng() % 1000);
      model[id] = t;
      tree.set(id, t);
    } else {  // pop what is due at a random time
      const auto due = static_cast<int64_t>(rng() % 1000);
      uint32_t id;
      while (tree.pop_due(due, id)) {
        REQUIRE(model[id] == brute_min());
        REQUIRE(model[id] <= due);
        model[id] = MinTree::kNone;
      }
      REQUIRE(brute_min() > due);
    }
    REQUIRE(tree.min() == brute_min());
    if (!model.empty()) {
      const auto id = static_cast<uint32_t>(rng() % model.size());
      REQUIRE(tree.get(id) == model[id]);
    }
  }
}
