#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <thread>

#include "exec/batch_recycler.hpp"
#include "exec/edge_writer.hpp"

using namespace rill;

TEST_CASE("a recycled batch is reused only once its receiver has dropped it") {
  BatchRecycler<int> r(2, 8);
  auto a = r.take();
  CHECK(a->items.capacity() >= 8);
  a->items.push_back({1});
  auto b = r.take();
  CHECK(b != a);  // a is still held by its receiver
  CHECK(r.pooled() == 2);
  const TypedBatch<int>* a_addr = a.get();
  a.reset();  // the receiver consumed a
  auto c = r.take();
  CHECK(c.get() == a_addr);
  CHECK(c->items.empty());  // what a held is gone
  CHECK(c->items.capacity() >= 8);
}

TEST_CASE("a full ring of batches in flight hands its oldest to the receiver") {
  BatchRecycler<int> r(2, 4);
  auto a = r.take();
  auto b = r.take();
  auto c = r.take();  // a and b in flight, ring full: c replaces a, the oldest, in the ring
  CHECK(r.pooled() == 2);
  CHECK(a.use_count() == 1);  // a belongs to its receiver alone now
  CHECK(b.use_count() == 2);
  CHECK(c.use_count() == 2);
  const TypedBatch<int>* b_addr = b.get();
  b.reset();
  CHECK(r.take().get() == b_addr);  // b is still in the ring
}

TEST_CASE("a batch whose vector the receiver swapped away gets room again") {
  BatchRecycler<int> r(1, 16);
  auto a = r.take();
  Batch<int> stolen;
  a->items.swap(stolen);  // the receiver took the buffer (as EdgeWriter::append does)
  a.reset();
  auto b = r.take();
  CHECK(b->items.capacity() >= 16);
  CHECK(stolen.capacity() >= 16);
}

namespace {
// Keeps what it is sent until the test "consumes" it, like a receiver with credits.
struct HoldingSink : ChannelSink {
  std::deque<std::pair<int, BatchPtr>> held;  // (destination, batch)
  void send(int, int dest, BatchPtr b) override { held.emplace_back(dest, std::move(b)); }
};
}  // namespace

TEST_CASE("an edge writer refills the batches its receivers have consumed") {
  using Item = KV<int64_t, int64_t>;
  HoldingSink sink;
  EdgeWriterSpec spec;
  spec.kind = EdgeKind::kHash;
  spec.num_dests = 2;
  spec.batch_size = 4;
  spec.recycled = 8;
  spec.sink = &sink;
  EdgeWriter<Item> w(spec);
  std::vector<int64_t> received;
  int batches = 0, from_ring = 0;
  auto receive = [&](const std::pair<int, BatchPtr>& h) {
    ++batches;
    if (h.second.use_count() == 2) ++from_ring;  // the writer's ring holds the other reference
    for (const auto& e : static_cast<TypedBatch<Item>&>(*h.second).items) {
      CHECK(bucket_of(stable_hash(e.value.key), 2) == static_cast<uint32_t>(h.first));
      received.push_back(e.value.key);
    }
  };
  for (int64_t round = 0; round < 200; ++round) {
    Batch<Item> in;
    for (int64_t i = 0; i < 4; ++i) in.push_back({{round * 4 + i, 1}});
    w.consume(in);
    // The receivers consume all but the last two batches they were sent.
    while (sink.held.size() > 2) {
      receive(sink.held.front());
      sink.held.pop_front();
    }
  }
  w.flush();
  for (const auto& h : sink.held) receive(h);
  // Nothing lost or repeated by reuse.
  std::sort(received.begin(), received.end());
  REQUIRE(received.size() == 800);
  for (int64_t i = 0; i < 800; ++i) CHECK(received[static_cast<size_t>(i)] == i);
  // Every batch came from the ring: at most six are out at once (two held, up to two just
  // sent, one open per destination), fewer than the eight it keeps.
  CHECK(from_ring == batches);
}

TEST_CASE("an edge writer without a ring sends batches the receiver alone owns") {
  HoldingSink sink;
  EdgeWriterSpec spec;
  spec.kind = EdgeKind::kForward;
  spec.batch_size = 4;
  spec.sink = &sink;
  EdgeWriter<int> w(spec);
  Batch<int> in{{1}, {2}, {3}, {4}};
  w.consume(in);  // big enough to go out whole
  REQUIRE(sink.held.size() == 1);
  CHECK(sink.held.front().second.use_count() == 1);
  CHECK(sink.held.front().second->size() == 4);
  // A batch larger than batch_size is cut: no message holds more than batch_size elements.
  Batch<int> big{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}};
  w.consume(big);
  w.flush();
  REQUIRE(sink.held.size() == 4);
  CHECK(sink.held[1].second->size() == 4);
  CHECK(sink.held[2].second->size() == 4);
  CHECK(sink.held[3].second->size() == 1);
}

TEST_CASE("an edge writer cuts batches of strings at batch_bytes") {
  HoldingSink sink;
  EdgeWriterSpec spec;
  spec.kind = EdgeKind::kForward;
  spec.batch_size = 1000;
  spec.batch_bytes = 10 * (sizeof(WindowedValue<std::string>) + 101);
  spec.sink = &sink;
  EdgeWriter<std::string> w(spec);
  Batch<std::string> in;
  for (int i = 0; i < 95; ++i) in.push_back({std::string(100, 'x')});  // 101 heap bytes each
  w.consume(in);
  w.flush();
  REQUIRE(sink.held.size() == 10);
  for (size_t i = 0; i < 9; ++i) CHECK(sink.held[i].second->size() == 10);
  CHECK(sink.held[9].second->size() == 5);
  // Short strings live inside the string object: they weigh their size alone.
  constexpr size_t kSize = sizeof(WindowedValue<std::string>);
  const size_t per_batch = (spec.batch_bytes + kSize - 1) / kSize;
  Batch<std::string> small(500, WindowedValue<std::string>{"short"});
  w.consume(small);
  w.flush();
  REQUIRE(sink.held.size() == 10 + (500 + per_batch - 1) / per_batch);
  CHECK(sink.held[10].second->size() == per_batch);
}

TEST_CASE("a batch consumed on another thread is reused after it") {
  BatchRecycler<int64_t> r(4, 256);
  int64_t sum = 0;
  for (int round = 0; round < 200; ++round) {
    auto b = r.take();
    REQUIRE(b->items.empty());
    for (int64_t i = 0; i < 256; ++i) b->items.push_back({i});
    std::thread receiver([b = std::move(b), &sum]() mutable {
      for (const auto& e : b->items) sum += e.value;
      b.reset();
    });
    receiver.join();
  }
  CHECK(sum == 200 * (255 * 256 / 2));
  CHECK(r.pooled() == 1);  // every round reused the same batch
}
