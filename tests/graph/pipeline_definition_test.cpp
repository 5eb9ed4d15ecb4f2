// definition_lines: everything that shapes a job is in it, so two builds that differ in a
// source's files, a sink's prefix or shard count, a window, a coder or a parameter differ.
#include <doctest/doctest.h>

#include "graph/pipeline_definition.hpp"
#include "rill.hpp"
#include "io/write_to_text.hpp"

using namespace rill;

namespace {

struct Variant {
  std::string prefix = "out/x";
  int shards = 0;
  Duration window = 60000;
  bool as_string = false;
  std::string parameter = "1";
  int64_t last = 3;
};

std::vector<std::string> definition(const Variant& v) {
  Pipeline p;
  p.graph().set_parameter("size", v.parameter);
  auto nums = p | Create("Nums", std::vector<int64_t>{1, 2, v.last});
  auto windowed = nums | WindowInto("Window", FixedWindows(v.window));
  if (v.as_string) {
    windowed | Map("Format", [](int64_t x) { return std::to_string(x); }) |
        io::WriteToText("Write", v.prefix, v.shards);
  } else {
    windowed | Map("Format", [](int64_t x) { return std::to_string(x * 2); }) |
        Map("Again", [](std::string s) { return s; }) |
        io::WriteToText("Write", v.prefix, v.shards);
  }
  return definition_lines(p.graph());
}

}  // namespace

TEST_CASE("the definition differs exactly where the pipelines differ, naming the step") {
  const auto base = definition({});
  CHECK(base == definition({}));
  CHECK(first_difference(base, definition({}), "a", "b").empty());
  CHECK(definition_fingerprint(base) == definition_fingerprint(definition({})));

  Variant v;
  v.prefix = "out/y";
  auto diff = first_difference(base, definition(v), "coordinator", "worker");
  CHECK(diff ==
        "coordinator: step 'Write' [WriteToText] writes 'out/x-#####-of-#####'; worker: "
        "step 'Write' [WriteToText] writes 'out/y-#####-of-#####'");
  v = {};
  v.shards = 3;
  CHECK(first_difference(base, definition(v), "a", "b").find("parallelism 3") != std::string::npos);
  v = {};
  v.window = 120000;
  CHECK(first_difference(base, definition(v), "a", "b").find("collection 'Window.out'") !=
        std::string::npos);
  v = {};
  v.last = 4;
  CHECK(first_difference(base, definition(v), "a", "b").find("step 'Nums' [Create] reads 3") !=
        std::string::npos);
  v = {};
  v.parameter = "2";
  CHECK(first_difference(base, definition(v), "a", "b") ==
        "a: parameter --size='1'; b: parameter --size='2'");
  v = {};
  v.as_string = true;  // one step fewer
  CHECK_FALSE(first_difference(base, definition(v), "a", "b").empty());
  CHECK(definition_fingerprint(base) != definition_fingerprint(definition(v)));
}
