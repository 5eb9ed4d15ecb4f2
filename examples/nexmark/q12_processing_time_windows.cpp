#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {

PCollection<BidsPerSession> q12_processing_time_windows(const PCollection<Event>& events,
                                                        const QueryConfig& config) {
  const Duration pane = config.processing_time_pane;
  return events | Composite("Q12", [pane](const PCollection<Event>& in) {
           return in |
                  FlatMap<KV<int64_t, int64_t>>(
                      "BidderOfEachBid",
                      [](const Event& e, Emitter<KV<int64_t, int64_t>>& out) {
                        if (e.is_bid()) out.emit({e.bid().bidder, e.bid().auction});
                      }) |
                  WindowInto("ProcessingTimePanes",
                             WindowingStrategy{
                                 .window_fn = GlobalWindows{},
                                 .trigger = Repeatedly(AfterProcessingTime(pane)),
                                 .accumulation_mode = AccumulationMode::kDiscarding,
                             }) |
                  Count::PerKey("BidsPerPane") |
                  Map("ToBidsPerSession", [](const KV<int64_t, int64_t>& kv) {
                    return BidsPerSession{kv.key, kv.value};
                  });
         });
}

}  // namespace rill::examples::nexmark
