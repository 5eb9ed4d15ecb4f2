#include <vector>

#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {
namespace {

// Keeps every auction tied for the highest bid count (Beam's Query5.TopCombineFn).
struct MostBids {
  struct Top {
    int64_t count = 0;
    std::vector<int64_t> auctions;
    template <class A>
    void serialize(A& ar) {
      ar(count, auctions);
    }
  };
  using InputT = KV<int64_t, int64_t>;  // (auction, bids)
  using AccumT = Top;
  using OutputT = Top;
  Top create_accumulator() const { return {}; }
  void add_input(Top& top, const KV<int64_t, int64_t>& auction_bids) const {
    if (auction_bids.value > top.count) {
      top.count = auction_bids.value;
      top.auctions.assign(1, auction_bids.key);
    } else if (auction_bids.value == top.count) {
      top.auctions.push_back(auction_bids.key);
    }
  }
  void merge_accumulators(Top& top, Top&& other) const {
    if (other.count > top.count) {
      top = std::move(other);
    } else if (other.count == top.count) {
      top.auctions.insert(top.auctions.end(), other.auctions.begin(), other.auctions.end());
    }
  }
  Top extract_output(const Top& top) const { return top; }
};

}  // namespace

PCollection<AuctionCount> q5_hot_items(const PCollection<Event>& events,
                                       const QueryConfig& config) {
  const Duration size = config.window_size, period = config.q5_period;
  return events | Composite("Q5", [size, period](const PCollection<Event>& in) {
           return in |
                  FlatMap<int64_t>("AuctionOfEachBid",
                                   [](const Event& e, Emitter<int64_t>& out) {
                                     if (e.is_bid()) out.emit(e.bid().auction);
                                   }) |
                  WindowInto("Sliding", SlidingWindows(size, period)) |
                  Count::PerElement("CountBids") | CombineGlobally("MostBids", MostBids{}) |
                  FlatMap<AuctionCount>("Select",
                                        [](const MostBids::Top& top, Emitter<AuctionCount>& out) {
                                          for (int64_t a : top.auctions) out.emit({a, top.count});
                                        });
         });
}

}  // namespace rill::examples::nexmark
