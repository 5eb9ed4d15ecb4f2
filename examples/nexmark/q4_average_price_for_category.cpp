#include <cmath>

#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {
namespace {

// Keyed by auction id; sees the auction and the bids on it, in any order.
//
// State lifetime, as Beam's WinningBids (an auction's window [date_time, expires) that its
// bids merge into, collected when it ends): the auction's state lives from its first event
// (the auction, or a bid that came before it) until the "close" timer at `expires`, which
// emits the winner and clears every cell, so the runtime forgets the key. A bid that comes
// after the close (date_time >= expires, so it could not have won) finds no auction and
// waits with the early bids; like a bid on an auction that never comes, it is dropped, and
// the key forgotten again, once the watermark passes it ("orphans").
struct WinningBidFn : StatefulDoFn<int64_t, Event, AuctionBid> {
  struct State {
    ValueState<Auction> auction;
    ValueState<Bid> best;  // the best valid bid so far, once the auction is known
    BagState<Bid> early;   // bids that came before their auction (or after its close)
    template <class A>
    void serialize(A& ar) {
      ar(auction, best, early);
    }
  };

  // Higher price wins, then the earlier bid, then the lower bidder id.
  static bool better(const Bid& a, const Bid& b) {
    if (a.price != b.price) return a.price > b.price;
    if (a.date_time != b.date_time) return a.date_time < b.date_time;
    return a.bidder < b.bidder;
  }

  static void consider(const Auction& a, const Bid& b, State& st) {
    const bool valid =
        b.date_time >= a.date_time && b.date_time < a.expires && b.price >= a.reserve;
    if (valid && (!st.best.read() || better(b, *st.best.read()))) st.best.write(b);
  }

  void process(const KV<int64_t, Event>& e, Emitter<AuctionBid>&, State& st, Timers& timers) {
    if (e.value.is_auction()) {
      const Auction& a = e.value.auction();
      st.auction.write(a);
      for (const Bid& b : st.early.read()) consider(a, b, st);
      st.early.clear();
      timers.set("close", a.expires);
    } else if (const auto& a = st.auction.read()) {
      consider(*a, e.value.bid(), st);
    } else {
      // The auction has not come (yet), or has closed. Once the watermark passes this bid, an
      // auction that opened in time to make it valid would have come: drop the bids then.
      const Bid& b = e.value.bid();
      st.early.add(b);
      const TimerSpec* pending = timers.find("orphans");
      if (pending == nullptr || pending->timestamp < b.date_time)
        timers.set("orphans", b.date_time);
    }
  }

  void on_timer(const TimerFiring<int64_t>& t, Emitter<AuctionBid>& out, State& st, Timers&) {
    if (t.name == "orphans") {
      if (!st.auction.read()) st.early.clear();
      return;
    }
    // "close": the watermark passed `expires`, so every bid that could win has been seen.
    // Every cell is cleared: the auction's state ends here (see the lifetime note above).
    if (st.best.read()) out.emit(AuctionBid{*st.auction.read(), *st.best.read()});
    st.auction.clear();
    st.best.clear();
    st.early.clear();
  }
};

// The mean of the winning prices, exactly (integer sum and count), rounded like Beam's
// Math.round(mean).
struct MeanPrice {
  using InputT = int64_t;
  using AccumT = std::pair<int64_t, int64_t>;  // sum, count
  using OutputT = int64_t;
  AccumT create_accumulator() const { return {0, 0}; }
  void add_input(AccumT& acc, const int64_t& price) const {
    acc.first += price;
    ++acc.second;
  }
  void merge_accumulators(AccumT& acc, AccumT&& o) const {
    acc.first += o.first;
    acc.second += o.second;
  }
  int64_t extract_output(const AccumT& acc) const {
    return acc.second == 0 ? 0
                           : static_cast<int64_t>(std::llround(static_cast<double>(acc.first) /
                                                               static_cast<double>(acc.second)));
  }
};

}  // namespace

PCollection<AuctionBid> winning_bids(const PCollection<Event>& events) {
  return events | Composite("WinningBids", [](const PCollection<Event>& in) {
           auto auctions =
               in | FlatMap<KV<int64_t, Event>>("AuctionsById",
                                                [](Event&& e, Emitter<KV<int64_t, Event>>& out) {
                                                  if (e.is_auction()) {
                                                    const int64_t id = e.auction().id;
                                                    out.emit({id, std::move(e)});
                                                  }
                                                });
           auto bids = in | FlatMap<KV<int64_t, Event>>(
                                "BidsByAuction", [](Event&& e, Emitter<KV<int64_t, Event>>& out) {
                                  if (e.is_bid()) {
                                    const int64_t id = e.bid().auction;
                                    out.emit({id, std::move(e)});
                                  }
                                });
           return std::vector{auctions, bids} | Flatten("AuctionsAndBids") |
                  ParDo("Winner", WinningBidFn{});
         });
}

PCollection<CategoryPrice> q4_average_price_for_category(const PCollection<Event>& events,
                                                         const QueryConfig& config) {
  const Duration size = config.window_size, period = config.q4_period;
  return events | Composite("Q4", [size, period](const PCollection<Event>& in) {
           return winning_bids(in) |
                  Map("CategoryAndPrice",
                      [](const AuctionBid& w) {
                        return KV<int64_t, int64_t>{w.auction.category, w.bid.price};
                      }) |
                  WindowInto("SlidingByCloseTime", SlidingWindows(size, period)) |
                  CombinePerKey("MeanPrice", MeanPrice{}) |
                  Map("ToCategoryPrice", [](const KV<int64_t, int64_t>& kv) {
                    return CategoryPrice{kv.key, kv.value};
                  });
         });
}

}  // namespace rill::examples::nexmark
