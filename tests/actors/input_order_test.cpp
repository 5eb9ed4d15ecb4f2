// InputOrder: per-channel FIFO, batches merged across channels by channel watermark, waiting
// for a channel that is behind, quiet channels, and no deadlock once every channel ended.
#include <doctest/doctest.h>

#include <random>

#include "actors/input_order.hpp"

using namespace rill;
using Order = InputOrder<int>;

namespace {
// Takes whatever next() allows; returns the batch payloads in the order taken.
std::vector<int> take_all(Order& o) {
  std::vector<int> taken;
  for (int c = o.next(); c >= 0; c = o.next()) {
    auto it = o.pop(static_cast<uint32_t>(c));
    if (it.kind == Order::Kind::kBatch) taken.push_back(it.payload);
  }
  return taken;
}
}  // namespace

TEST_CASE("a batch waits for a channel that is behind, then goes after that channel's batch") {
  Order o({true, true});
  o.push_watermark(0, 100);
  o.push_watermark(1, 50);
  CHECK(take_all(o).empty());  // markers only
  CHECK(o.pos(0) == 100);
  CHECK(o.pos(1) == 50);
  o.push_batch(0, 1);
  CHECK(o.next() == -1);  // channel 1 is behind and may send something earlier
  CHECK(o.waiting());
  o.push_batch(1, 2);
  CHECK(take_all(o) == std::vector<int>{2});  // channel 1's batch; then 1 is still behind
  CHECK(o.waiting());
  o.push_watermark(1, 150);  // channel 1 passed channel 0
  CHECK(take_all(o) == std::vector<int>{1});
  CHECK(o.empty());
}

TEST_CASE("channels level in event time go in arrival order; an ended channel is not waited for") {
  Order o({true, true, false});  // channel 2 is inactive: never waited for
  o.push_batch(1, 10);
  o.push_batch(0, 20);
  o.push_batch(1, 11);
  CHECK(take_all(o) == std::vector<int>{10, 20, 11});
  o.push_watermark(0, 5);
  o.push_batch(0, 21);
  CHECK(take_all(o).empty());  // channel 1 (at kMinTimestamp) is behind
  o.push_end(1);
  CHECK(take_all(o) == std::vector<int>{21});
}

TEST_CASE("a channel keeps its order: batches, watermarks and its end") {
  Order o({true});
  o.push_batch(0, 1);
  o.push_watermark(0, 10);
  o.push_watermark(0, 20);  // collapsed with the one before
  o.push_batch(0, 2);
  o.push_end(0);
  auto a = o.pop(0);
  CHECK(a.payload == 1);
  CHECK(o.pos(0) == kMinTimestamp);  // the watermark behind batch 1 is not taken yet
  auto w = o.pop(0);
  CHECK(w.kind == Order::Kind::kWatermark);
  CHECK(w.wm == 20);
  CHECK(o.pop(0).payload == 2);
  CHECK(o.pop(0).kind == Order::Kind::kEnd);
  CHECK(o.pos(0) == kMaxTimestamp);
  CHECK(o.empty());
}

TEST_CASE("a quiet channel is not waited for until it moves again") {
  Order o({true, true});
  o.push_watermark(0, 100);
  take_all(o);
  o.push_batch(0, 1);
  CHECK(o.waiting());
  CHECK(o.mark_waited_quiet() == 1);
  CHECK(take_all(o) == std::vector<int>{1});
  o.push_batch(0, 2);
  CHECK(take_all(o) == std::vector<int>{2});  // still quiet
  o.push_watermark(1, 40);                    // it moves: waited for again
  CHECK(take_all(o).empty());
  o.push_batch(0, 3);
  CHECK(o.waiting());
}

TEST_CASE("random arrivals: per-channel order, merge rule, everything taken once all ended") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    const int n = 1 + static_cast<int>(rng() % 4);
    Order o(std::vector<bool>(static_cast<size_t>(n), true));
    // Channel c sends batches c*1000+k, each followed by a rising watermark, then its end.
    std::vector<int> sent(static_cast<size_t>(n), 0), next_taken(static_cast<size_t>(n), 0);
    std::vector<Timestamp> wm(static_cast<size_t>(n), 0);
    std::vector<bool> ended(static_cast<size_t>(n), false);
    int open = n, taken = 0, total = 0;
    auto take = [&] {
      for (int c = o.next(); c >= 0; c = o.next()) {
        const auto ch = static_cast<uint32_t>(c);
        auto it = o.pop(ch);
        if (it.kind != Order::Kind::kBatch) continue;
        for (uint32_t d = 0; d < static_cast<uint32_t>(n); ++d)
          if (!ended[d] && o.pending(d) == 0) CHECK(o.pos(d) >= o.pos(ch));
        CHECK(it.payload == c * 1000 + next_taken[ch]++);  // FIFO per channel
        // The merge rule: no open channel with nothing pending is behind the one taken.
        ++taken;
      }
    };
    while (open > 0) {
      const auto c = static_cast<uint32_t>(rng() % static_cast<uint64_t>(n));
      if (ended[c]) continue;
      if (sent[c] == 20) {
        o.push_end(c);
        ended[c] = true;
        --open;
      } else if (rng() % 2 == 0) {
        o.push_batch(c, static_cast<int>(c) * 1000 + sent[c]++);
        ++total;
      } else {
        wm[c] += static_cast<Timestamp>(rng() % 50);
        o.push_watermark(c, wm[c]);
      }
      if (rng() % 3 == 0) take();
    }
    take();
    CHECK(o.empty());
    CHECK(taken == total);
  }
}

TEST_CASE("a barrier holds its channel until every open channel has delivered its own") {
  Order o({true, true, true});
  o.push_batch(0, 1);
  o.push_barrier(0, 7);
  o.push_batch(0, 2);  // after the barrier: must wait for the snapshot
  o.push_batch(1, 3);
  CHECK(take_all(o) == std::vector<int>{1, 3});
  CHECK(o.next() == -1);  // channels 1 and 2 have not delivered barrier 7
  o.push_barrier(1, 7);
  o.push_batch(1, 4);
  CHECK(o.next() == -1);
  o.push_batch(2, 5);
  CHECK(take_all(o) == std::vector<int>{5});  // an unaligned channel flows on
  o.push_barrier(2, 7);
  CHECK(o.next() == Order::kAligned);
  CHECK(o.take_barrier() == 7);
  CHECK(take_all(o) == std::vector<int>{2, 4});  // released behind the snapshot
  CHECK(o.empty());
}

TEST_CASE("an ended channel counts as aligned; a channel that is only open does not") {
  Order o({true, true, false});
  o.push_end(1);
  o.push_barrier(0, 3);
  CHECK(o.next() == 1);  // the end is taken first
  o.pop(1);
  CHECK(o.next() == Order::kAligned);
  CHECK(o.take_barrier() == 3);
  CHECK(o.next() == -1);
  Order waiting({true, true});
  waiting.push_barrier(0, 1);
  CHECK(waiting.next() == -1);  // channel 1 may still send data before its barrier
}
