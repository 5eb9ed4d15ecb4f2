#pragma once
// The Nexmark queries (Beam's sdks/java/testing/nexmark queries) as rill pipelines. Each takes
// the event stream (io/nexmark/source.hpp) and returns its result collection; each is a
// Composite named "Qn", so `rill plan`-style output reads "Q5/CountBids/Merge", ...
//
//   auto events = p | io::nexmark::GenerateEvents("Events", {.events = 1'000'000});
//   auto hot = examples::nexmark::q5_hot_items(events);
//
// Windowed results carry their window on the element (Emitter::window(), or the `window` of
// an io::Collect element); the result types do not repeat it.
#include <cstdint>

#include "examples/nexmark/results.hpp"
#include "rill.hpp"

namespace rill::examples::nexmark {

struct QueryConfig {
  Duration window_size = 10'000;                 // Q4, Q5, Q7, Q8 windows (Beam's windowSizeSec)
  Duration q4_period = 5'000;                    // Q4's sliding period (Beam's windowPeriodSec)
  Duration q5_period = 2'000;                    // Q5's sliding period
  Duration session_gap = 10'000;                 // Q11
  Duration processing_time_pane = 10'000;        // Q12: processing-time delay of each pane
  int64_t auction_skip = 123;                    // Q2: auctions whose id is a multiple of this
  Duration max_auctions_waiting_time = 600'000;  // Q3: state expiry after a key's last event
};

// Q0, pass-through: every event, unchanged (Beam's Query0 also round-trips each event through
// its coder; rill does not, so this measures the source and the runtime alone).
PCollection<Event> q0_pass_through(const PCollection<Event>& events);

// Q1, currency conversion: every bid with its price in euros, price * 89 / 100 in integer
// cents (truncating), exactly as Beam's Query1 computes it.
PCollection<Bid> q1_currency_conversion(const PCollection<Event>& events);

// Q2, selection: (auction, price) of the bids on every `auction_skip`-th auction
// (auction % auction_skip == 0).
PCollection<AuctionPrice> q2_selection(const PCollection<Event>& events,
                                       const QueryConfig& config = {});

// Q3, local item suggestion: (name, city, state, auction id) for every auction in category 10
// whose seller lives in OR, ID or CA. Joined as Beam joins it: auctions keyed by seller and
// people keyed by id, flattened into a stateful DoFn keyed by person id that keeps the person
// (and the auctions that came before their seller). Each key's state is dropped once the
// watermark passes its last event's time + max_auctions_waiting_time (Beam's
// maxAuctionsWaitingTime, 600 s); the generator picks sellers among the last 1000 people, so
// with the default event rate (a person every 5 ms) nothing is dropped that is needed later.
PCollection<NameCityStateId> q3_local_item_suggestion(const PCollection<Event>& events,
                                                      const QueryConfig& config = {});

// Beam's WinningBids: for each auction that closes, its winning bid, if any. A bid counts
// when it is on that auction, date_time in [auction.date_time, auction.expires) and price >=
// reserve; the winner is the highest price, then the earliest, then the lowest bidder id.
// (Beam also counts bids made before the auction opened; the generator makes such bids for
// auction ids that do not exist yet.) A stateful DoFn keyed by auction id, in the global
// window: it keeps the auction and its best bid so far, buffers bids that arrive before their
// auction (dropped once the watermark passes them without an auction), and emits at an
// event-time timer at `expires`, stamped with `expires`. There the auction's state ends (as
// Beam's auction window does): its cells are cleared and the runtime forgets the key; a bid
// that comes later is dropped like one on an auction that never came.
PCollection<AuctionBid> winning_bids(const PCollection<Event>& events);

// Q4, average price for a category: the mean winning price (rounded to the nearest cent) of
// the auctions of each category that closed in each sliding window of window_size every
// q4_period, by closing time (Beam windows Query4 the same way).
PCollection<CategoryPrice> q4_average_price_for_category(const PCollection<Event>& events,
                                                         const QueryConfig& config = {});

// Q5, hot items: per sliding window (window_size every q5_period), the auction(s) with the
// most bids, with that count (Beam's Query5 keeps every auction tied for the top).
PCollection<AuctionCount> q5_hot_items(const PCollection<Event>& events,
                                       const QueryConfig& config = {});

// Q7, highest bid: per fixed window of window_size, the bid(s) with the highest price. Beam
// computes the maximum price and filters the window's bids with it as a side input; here one
// combine keeps the highest-priced bids directly (same result, one pass, no buffered bids).
PCollection<Bid> q7_highest_bid(const PCollection<Event>& events, const QueryConfig& config = {});

// Q8, new users: per fixed window of window_size, every person who registered in the window
// and opened auctions in the same window: (person id, name, auction id, reserve) per auction.
PCollection<NewUser> q8_new_users(const PCollection<Event>& events, const QueryConfig& config = {});

// Q11, user sessions: bids per bidder per session (event-time gap session_gap).
PCollection<BidsPerSession> q11_user_sessions(const PCollection<Event>& events,
                                              const QueryConfig& config = {});

// Q12, processing-time windows: bids per bidder in panes of the global window, each pane
// firing processing_time_pane after its first bid (Repeatedly(AfterProcessingTime)),
// discarding. Pane contents depend on wall time; per bidder the pane counts add up to its
// number of bids.
PCollection<BidsPerSession> q12_processing_time_windows(const PCollection<Event>& events,
                                                        const QueryConfig& config = {});

}  // namespace rill::examples::nexmark
