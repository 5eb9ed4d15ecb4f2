#include <vector>

#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {
namespace {

// The bids with the highest price (all of them when several share it).
struct HighestBids {
  struct Best {
    int64_t price = -1;
    std::vector<Bid> bids;
    template <class A>
    void serialize(A& ar) {
      ar(price, bids);
    }
  };
  using InputT = Bid;
  using AccumT = Best;
  using OutputT = Best;
  Best create_accumulator() const { return {}; }
  void add_input(Best& best, const Bid& bid) const {
    if (bid.price > best.price) {
      best.price = bid.price;
      best.bids.assign(1, bid);
    } else if (bid.price == best.price) {
      best.bids.push_back(bid);
    }
  }
  void merge_accumulators(Best& best, Best&& other) const {
    if (other.price > best.price) {
      best = std::move(other);
    } else if (other.price == best.price) {
      best.bids.insert(best.bids.end(), std::make_move_iterator(other.bids.begin()),
                       std::make_move_iterator(other.bids.end()));
    }
  }
  Best extract_output(const Best& best) const { return best; }
};

}  // namespace

PCollection<Bid> q7_highest_bid(const PCollection<Event>& events, const QueryConfig& config) {
  const Duration size = config.window_size;
  return events | Composite("Q7", [size](const PCollection<Event>& in) {
           return in |
                  FlatMap<Bid>("JustBids",
                               [](Event&& e, Emitter<Bid>& out) {
                                 if (e.is_bid()) out.emit(std::move(e.bid()));
                               }) |
                  WindowInto("Fixed", FixedWindows(size)) |
                  CombineGlobally("HighestBids", HighestBids{}) |
                  FlatMap<Bid>("Select", [](HighestBids::Best best, Emitter<Bid>& out) {
                    for (Bid& b : best.bids) out.emit(std::move(b));
                  });
         });
}

}  // namespace rill::examples::nexmark
