#pragma once
// The Nexmark queries as straight single-threaded loops over the events, written
// independently of the pipelines (no rill transform is used): the tests compare each query
// with its loop, and rill-bench runs the loops as its "hand" side.
//
// `events` is any range of Event in generation order (a std::vector<Event>, or
// io::nexmark::GeneratedEvents to make them on the fly); each function calls
// emit(result, window) once per result, in no particular order. Results outside windows get
// Window::global(). An event's timestamp is its date_time.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark::reference {

inline Timestamp floor_to(Timestamp t, Duration step) {
  const Timestamp r = t % step;
  return t - (r < 0 ? r + step : r);
}

template <class Events, class Emit>
void q0(const Events& events, Emit&& emit) {
  for (const Event& e : events) emit(e, Window::global());
}

template <class Events, class Emit>
void q1(const Events& events, Emit&& emit) {
  for (const Event& e : events) {
    if (!e.is_bid()) continue;
    Bid b = e.bid();
    b.price = b.price * 89 / 100;
    emit(b, Window::global());
  }
}

template <class Events, class Emit>
void q2(const Events& events, const QueryConfig& c, Emit&& emit) {
  for (const Event& e : events)
    if (e.is_bid() && e.bid().auction % c.auction_skip == 0)
      emit(AuctionPrice{e.bid().auction, e.bid().price}, Window::global());
}

// The full join. It equals the pipeline's result as long as no seller stays quiet for
// max_auctions_waiting_time of event time between their events (see q3_local_item_suggestion).
template <class Events, class Emit>
void q3(const Events& events, Emit&& emit) {
  std::unordered_map<int64_t, Person> people;                  // in OR, ID, CA
  std::unordered_map<int64_t, std::vector<Auction>> auctions;  // category 10, by seller
  for (const Event& e : events) {
    if (e.is_person()) {
      const Person& p = e.person();
      if (p.state == "OR" || p.state == "ID" || p.state == "CA") people.emplace(p.id, p);
    } else if (e.is_auction() && e.auction().category == 10) {
      auctions[e.auction().seller].push_back(e.auction());
    }
  }
  for (const auto& [seller, list] : auctions) {
    auto p = people.find(seller);
    if (p == people.end()) continue;
    for (const Auction& a : list)
      emit(NameCityStateId{p->second.name, p->second.city, p->second.state, a.id},
           Window::global());
  }
}

// Winning bids: every auction with at least one bid in [date_time, expires) at or above the
// reserve; the highest price wins, then the earliest, then the lowest bidder id. (Keeps every
// bid in memory: simple rather than lean.)
template <class Events, class Emit>
void winning_bids(const Events& events, Emit&& emit) {
  std::unordered_map<int64_t, Auction> auctions;
  std::unordered_map<int64_t, std::vector<Bid>> bids;  // by auction id, all of them
  for (const Event& e : events) {
    if (e.is_auction()) auctions.emplace(e.auction().id, e.auction());
    if (e.is_bid()) bids[e.bid().auction].push_back(e.bid());
  }
  for (const auto& [id, a] : auctions) {
    auto it = bids.find(id);
    if (it == bids.end()) continue;
    const Bid* best = nullptr;
    for (const Bid& b : it->second) {
      if (b.date_time < a.date_time || b.date_time >= a.expires || b.price < a.reserve) continue;
      if (best == nullptr || b.price > best->price ||
          (b.price == best->price && (b.date_time < best->date_time ||
                                      (b.date_time == best->date_time && b.bidder < best->bidder))))
        best = &b;
    }
    if (best != nullptr) emit(AuctionBid{a, *best}, Window::global());
  }
}

// Mean winning price per category and sliding window of the closing time (`expires`).
template <class Events, class Emit>
void q4(const Events& events, const QueryConfig& c, Emit&& emit) {
  std::map<std::pair<Timestamp, int64_t>, std::pair<int64_t, int64_t>> sums;  // (start, cat)
  winning_bids(events, [&](const AuctionBid& w, const Window&) {
    const Timestamp t = w.auction.expires;
    for (Timestamp start = floor_to(t, c.q4_period); start > t - c.window_size;
         start -= c.q4_period) {
      auto& s = sums[{start, w.auction.category}];
      s.first += w.bid.price;
      ++s.second;
    }
  });
  for (const auto& [key, s] : sums)
    emit(CategoryPrice{key.second,
                       static_cast<int64_t>(std::llround(static_cast<double>(s.first) /
                                                         static_cast<double>(s.second)))},
         Window{key.first, key.first + c.window_size});
}

// Per sliding window, the auctions with the most bids.
template <class Events, class Emit>
void q5(const Events& events, const QueryConfig& c, Emit&& emit) {
  std::map<Timestamp, std::unordered_map<int64_t, int64_t>> counts;  // start -> auction -> n
  for (const Event& e : events) {
    if (!e.is_bid()) continue;
    const Timestamp t = e.bid().date_time;
    for (Timestamp start = floor_to(t, c.q5_period); start > t - c.window_size;
         start -= c.q5_period)
      ++counts[start][e.bid().auction];
  }
  for (const auto& [start, per_auction] : counts) {
    int64_t top = 0;
    for (const auto& [auction, n] : per_auction) top = std::max(top, n);
    for (const auto& [auction, n] : per_auction)
      if (n == top) emit(AuctionCount{auction, n}, Window{start, start + c.window_size});
  }
}

// Per fixed window, the bids with the highest price.
template <class Events, class Emit>
void q7(const Events& events, const QueryConfig& c, Emit&& emit) {
  std::map<Timestamp, std::vector<Bid>> best;  // start -> bids at the highest price
  for (const Event& e : events) {
    if (!e.is_bid()) continue;
    auto& list = best[floor_to(e.bid().date_time, c.window_size)];
    if (list.empty() || e.bid().price > list.front().price) {
      list.assign(1, e.bid());
    } else if (e.bid().price == list.front().price) {
      list.push_back(e.bid());
    }
  }
  for (const auto& [start, list] : best)
    for (const Bid& b : list) emit(b, Window{start, start + c.window_size});
}

// Per fixed window, people who registered and opened auctions in it.
template <class Events, class Emit>
void q8(const Events& events, const QueryConfig& c, Emit&& emit) {
  std::map<std::pair<Timestamp, int64_t>, Person> people;                  // (start, id)
  std::map<std::pair<Timestamp, int64_t>, std::vector<Auction>> auctions;  // (start, seller)
  for (const Event& e : events) {
    if (e.is_person())
      people.emplace(std::pair{floor_to(e.person().date_time, c.window_size), e.person().id},
                     e.person());
    if (e.is_auction())
      auctions[{floor_to(e.auction().date_time, c.window_size), e.auction().seller}].push_back(
          e.auction());
  }
  for (const auto& [key, list] : auctions) {
    auto p = people.find(key);
    if (p == people.end()) continue;
    for (const Auction& a : list)
      emit(NewUser{p->second.id, p->second.name, a.id, a.reserve},
           Window{key.first, key.first + c.window_size});
  }
}

// Bids per bidder per session: a new session starts when a bid comes `session_gap` or more
// after the previous one of the same bidder; a session's window is [first, last + gap).
template <class Events, class Emit>
void q11(const Events& events, const QueryConfig& c, Emit&& emit) {
  std::unordered_map<int64_t, std::vector<Timestamp>> times;
  for (const Event& e : events)
    if (e.is_bid()) times[e.bid().bidder].push_back(e.bid().date_time);
  for (auto& [bidder, ts] : times) {
    std::sort(ts.begin(), ts.end());
    size_t first = 0;
    for (size_t k = 1; k <= ts.size(); ++k) {
      if (k == ts.size() || ts[k] - ts[k - 1] >= c.session_gap) {
        emit(BidsPerSession{bidder, static_cast<int64_t>(k - first)},
             Window{ts[first], ts[k - 1] + c.session_gap});
        first = k;
      }
    }
  }
}

// Q12's invariant: the number of bids of each bidder (what its panes add up to).
template <class Events, class Emit>
void q12_totals(const Events& events, Emit&& emit) {
  std::unordered_map<int64_t, int64_t> totals;
  for (const Event& e : events)
    if (e.is_bid()) ++totals[e.bid().bidder];
  for (const auto& [bidder, n] : totals) emit(BidsPerSession{bidder, n}, Window::global());
}

}  // namespace rill::examples::nexmark::reference
