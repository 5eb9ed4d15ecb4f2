#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {

PCollection<AuctionPrice> q2_selection(const PCollection<Event>& events,
                                       const QueryConfig& config) {
  const int64_t skip = config.auction_skip;
  return events | Composite("Q2", [skip](const PCollection<Event>& in) {
           return in | FlatMap<AuctionPrice>("BidsOnEveryNthAuction",
                                             [skip](const Event& e, Emitter<AuctionPrice>& out) {
                                               if (e.is_bid() && e.bid().auction % skip == 0)
                                                 out.emit({e.bid().auction, e.bid().price});
                                             });
         });
}

}  // namespace rill::examples::nexmark
