#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {

PCollection<BidsPerSession> q11_user_sessions(const PCollection<Event>& events,
                                              const QueryConfig& config) {
  const Duration gap = config.session_gap;
  return events | Composite("Q11", [gap](const PCollection<Event>& in) {
           return in |
                  FlatMap<KV<int64_t, int64_t>>(
                      "BidderOfEachBid",
                      [](const Event& e, Emitter<KV<int64_t, int64_t>>& out) {
                        if (e.is_bid()) out.emit({e.bid().bidder, e.bid().auction});
                      }) |
                  WindowInto("Sessions", Sessions(gap)) | Count::PerKey("BidsPerSession") |
                  Map("ToBidsPerSession", [](const KV<int64_t, int64_t>& kv) {
                    return BidsPerSession{kv.key, kv.value};
                  });
         });
}

}  // namespace rill::examples::nexmark
