#pragma once
// What the Nexmark queries output (after Beam's nexmark model classes). All are
// Cereal-serializable and ordered, so tests can sort and compare them.
#include <compare>
#include <cstdint>
#include <string>

#include "io/nexmark/model.hpp"

namespace rill::examples::nexmark {

using io::nexmark::Auction;
using io::nexmark::Bid;
using io::nexmark::Event;
using io::nexmark::Person;

// Q2.
struct AuctionPrice {
  int64_t auction = 0;
  int64_t price = 0;
  template <class A>
  void serialize(A& ar) {
    ar(auction, price);
  }
  friend auto operator<=>(const AuctionPrice&, const AuctionPrice&) = default;
};

// Q3.
struct NameCityStateId {
  std::string name, city, state;
  int64_t id = 0;  // the auction
  template <class A>
  void serialize(A& ar) {
    ar(name, city, state, id);
  }
  friend auto operator<=>(const NameCityStateId&, const NameCityStateId&) = default;
};

// WinningBids (Q4's first half).
struct AuctionBid {
  Auction auction;
  Bid bid;
  template <class A>
  void serialize(A& ar) {
    ar(auction, bid);
  }
  friend bool operator==(const AuctionBid&, const AuctionBid&) = default;
};

// Q4: the mean winning price of a category, rounded to the nearest cent.
struct CategoryPrice {
  int64_t category = 0;
  int64_t price = 0;
  template <class A>
  void serialize(A& ar) {
    ar(category, price);
  }
  friend auto operator<=>(const CategoryPrice&, const CategoryPrice&) = default;
};

// Q5.
struct AuctionCount {
  int64_t auction = 0;
  int64_t count = 0;
  template <class A>
  void serialize(A& ar) {
    ar(auction, count);
  }
  friend auto operator<=>(const AuctionCount&, const AuctionCount&) = default;
};

// Q8 (Beam's IdNameReserve, plus the auction id).
struct NewUser {
  int64_t person = 0;
  std::string name;
  int64_t auction = 0;
  int64_t reserve = 0;
  template <class A>
  void serialize(A& ar) {
    ar(person, name, auction, reserve);
  }
  friend auto operator<=>(const NewUser&, const NewUser&) = default;
};

// Q11, Q12.
struct BidsPerSession {
  int64_t bidder = 0;
  int64_t bids = 0;
  template <class A>
  void serialize(A& ar) {
    ar(bidder, bids);
  }
  friend auto operator<=>(const BidsPerSession&, const BidsPerSession&) = default;
};

}  // namespace rill::examples::nexmark
