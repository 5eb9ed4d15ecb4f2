// A standalone WordCount program: the same pipeline the `rill run wordcount` template runs.
//   wordcount INPUT_GLOB OUTPUT_PREFIX
#include <iostream>

#include "examples/wordcount.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: wordcount INPUT_GLOB OUTPUT_PREFIX\n";
    return 2;
  }
  try {
    rill::Pipeline p;
    rill::examples::build_wordcount(p, argv[1], argv[2]);
    auto result = p.run();
    std::cout << result.summary();
    return result.ok() ? 0 : 1;
  } catch (const std::invalid_argument& e) {
    std::cerr << "wordcount: " << e.what() << "\n";
    return 2;
  }
}
