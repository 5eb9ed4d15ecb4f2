// The update rules of triggered side inputs (graph/side_input.hpp), without a runner: a
// singleton takes the latest element, a dict the latest value per key, a list every element;
// a window is ready at its first element; an untriggered side input waits for completeness.
#include <doctest/doctest.h>

#include "rill.hpp"

using namespace rill;

namespace {

CollectionRef ref(bool triggered) {
  WindowingStrategy s;
  if (triggered) s.trigger = Repeatedly(AfterCount(1));
  return {1, "Side", std::make_shared<const WindowingStrategy>(s)};
}

template <class T>
void feed(AnySideInput& in, std::vector<T> values) {
  Batch<T> b;
  for (auto& v : values) b.push_back(WindowedValue<T>{std::move(v)});
  static_cast<Consumer<T>&>(*in.consumer()).consume(b);
}

}  // namespace

TEST_CASE("a triggered singleton is ready at its first element and then is the latest one") {
  TypedSideInput<SingletonView<int64_t>> in(SingletonView<int64_t>{ref(true), std::nullopt});
  int updates = 0;
  in.on_update([&] { ++updates; });
  const Window g = Window::global();
  CHECK_FALSE(in.ready_for(g));
  feed<int64_t>(in, {1});
  CHECK(in.ready_for(g));
  CHECK(in.value_for(g) == 1);
  feed<int64_t>(in, {2, 3});
  CHECK(in.value_for(g) == 3);
  CHECK(updates == 2);
}

TEST_CASE("a triggered dict keeps the latest value per key; a list keeps every element") {
  using Pair = KV<std::string, int64_t>;
  TypedSideInput<DictView<std::string, int64_t>> dict(DictView<std::string, int64_t>{ref(true)});
  feed<Pair>(dict, {{"a", 1}, {"b", 2}});
  feed<Pair>(dict, {{"a", 5}});
  const auto& m = dict.value_for(Window::global());
  CHECK(m.size() == 2);
  CHECK(m.at("a") == 5);
  CHECK(m.at("b") == 2);

  TypedSideInput<ListView<int64_t>> list(ListView<int64_t>{ref(true)});
  feed<int64_t>(list, {1, 2});
  CHECK(list.value_for(Window::global()) == std::vector<int64_t>{1, 2});
  feed<int64_t>(list, {3});
  CHECK(list.value_for(Window::global()) == std::vector<int64_t>{1, 2, 3});
}

TEST_CASE("an untriggered side input is ready only once its window is complete") {
  TypedSideInput<SingletonView<int64_t>> in(SingletonView<int64_t>{ref(false), std::nullopt});
  const Window g = Window::global();
  feed<int64_t>(in, {1});
  CHECK_FALSE(in.ready_for(g));
  in.on_watermark(kMaxTimestamp);
  CHECK(in.ready_for(g));
  CHECK(in.value_for(g) == 1);
}
