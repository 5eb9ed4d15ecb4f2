#include <doctest/doctest.h>

#include "rill.hpp"

using namespace rill;

TEST_CASE("duplicate step names are a construction error that names the step") {
  Pipeline p;
  auto a = p | Create("Nums", std::vector<int>{1, 2, 3});
  auto b = a | Map("Double", [](int x) { return 2 * x; });
  CHECK_THROWS_WITH_AS(b | Map("Double", [](int x) { return x; }),
                       doctest::Contains("duplicate step name 'Double'"), std::invalid_argument);
}

TEST_CASE("composite transforms qualify the names of their parts") {
  Pipeline p;
  auto a = p | Create("Nums", std::vector<int>{1, 2, 3});
  auto out = a | Composite("Outer", [](const PCollection<int>& in) {
               return in | Map("Inc", [](int x) { return x + 1; }) |
                      Filter("Odd", [](const int& x) { return x % 2 == 1; });
             });
  std::vector<std::string> names;
  for (const auto& n : p.graph().nodes()) names.push_back(n.name);
  CHECK(names == std::vector<std::string>{"Nums", "Outer/Inc", "Outer/Odd"});
  // The same inner name is fine under another composite.
  auto again = a | Composite("Other", [](const PCollection<int>& in) {
                 return in | Map("Inc", [](int x) { return x + 1; });
               });
  CHECK(p.graph().node(again.def().producer).name == "Other/Inc");
}

TEST_CASE("CombinePerKey is lifted into a partial and a merge step") {
  Pipeline p;
  auto kv = p | Create("KV", std::vector<KV<std::string, int64_t>>{{"a", 1}, {"b", 2}});
  auto sums = kv | CombinePerKey("Sum", combine::Sum<int64_t>{});
  const auto& nodes = p.graph().nodes();
  REQUIRE(nodes.size() == 3);
  CHECK(nodes[1].name == "Sum/Partial");
  CHECK(nodes[1].kind == NodeKind::kElementwise);
  CHECK(nodes[2].name == "Sum/Merge");
  CHECK(nodes[2].kind == NodeKind::kKeyed);
  CHECK(sums.def().type->type() == typeid(KV<std::string, int64_t>));
}

TEST_CASE("stable_hash is deterministic and spreads keys") {
  CHECK(stable_hash(std::string("word")) == stable_hash(std::string_view("word")));
  CHECK(stable_hash(std::string("word")) != stable_hash(std::string("Word")));
  std::vector<int> buckets(4);
  for (int i = 0; i < 4000; ++i) buckets[bucket_of(stable_hash("k" + std::to_string(i)), 4)]++;
  for (int b : buckets) CHECK(b > 800);
}

TEST_CASE("coders round-trip through Cereal") {
  KV<std::string, std::vector<int64_t>> kv{"key", {1, 2, 3}};
  auto back = decode<KV<std::string, std::vector<int64_t>>>(encode(kv));
  CHECK(back.key == "key");
  CHECK(back.value == std::vector<int64_t>{1, 2, 3});
  WindowedValue<int> wv{7, 42, Window{0, 60}, PaneInfo{PaneTiming::kLate, false, true, 3, 1}};
  auto wb = decode<WindowedValue<int>>(encode(wv));
  CHECK(wb.value == 7);
  CHECK(wb.timestamp == 42);
  CHECK(wb.window == Window{0, 60});
  CHECK(wb.pane == wv.pane);
}

TEST_CASE("a collection's coder encodes and decodes whole batches") {
  auto ops = type_ops_for<KV<std::string, int64_t>>();
  CHECK(ops->serializable());
  TypedBatch<KV<std::string, int64_t>> b;
  b.items.push_back({{"a", 1}, 10, Window{0, 100}, PaneInfo{}});
  b.items.push_back({{"bb", -2}, 20, Window::global(), PaneInfo::no_firing()});
  auto back = ops->decode_batch(ops->encode_batch(b));
  REQUIRE(back->size() == 2);
  auto& items = static_cast<TypedBatch<KV<std::string, int64_t>>&>(*back).items;
  CHECK(items[1].value.key == "bb");
  CHECK(items[1].value.value == -2);
  CHECK(items[0].window == Window{0, 100});
  CHECK(items[1].window.is_global());
  struct Opaque {
    int x;
  };
  CHECK_FALSE(type_ops_for<Opaque>()->serializable());
}

TEST_CASE("dead letters render as one JSON line with escaping") {
  DeadLetter d{"Parse", "bad \"quote\"", "a,b\\c\n\x01"};
  CHECK(to_json_line(d) ==
        "{\"step\":\"Parse\",\"error\":\"bad \\\"quote\\\"\",\"record\":\"a,b\\\\c\\n\\u0001\"}");
}

TEST_CASE("dead letters are valid JSON whatever bytes the record holds") {
  // Valid UTF-8 passes as it is.
  CHECK(
      to_json_line(DeadLetter{"P", "e", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"}) ==
      "{\"step\":\"P\",\"error\":\"e\",\"record\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}");
  // A stray byte, an overlong '/', a surrogate and a cut sequence: U+FFFD each, and the exact
  // bytes in base64.
  const std::string bad = std::string("a\xff") + "\xc0\xaf" + "\xed\xa0\x80" + "\xe2\x82";
  CHECK(to_json_line(DeadLetter{"P", "bad \xfe", bad}) ==
        "{\"step\":\"P\",\"error\":\"bad \\ufffd\",\"record\":\"a\\ufffd\\ufffd\\ufffd\\ufffd"
        "\\ufffd\\ufffd\\ufffd\\ufffd\",\"record_base64\":\"Yf/Ar+2ggOKC\"}");
}
