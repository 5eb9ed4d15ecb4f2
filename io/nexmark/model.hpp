#pragma once
// The Nexmark data model (Beam's org.apache.beam.sdk.nexmark.model): people register, open
// auctions and bid on them. An Event is exactly one of the three. Times (date_time, expires)
// are event-time milliseconds since the epoch; an event's date_time is also its timestamp.
//
// Every string a generated event carries is at most 15 characters (it fits std::string's
// inline buffer, so making or moving one never allocates), except `extra`, whose length is
// GeneratorConfig::extra_bytes (default 0: empty).
#include <cstdint>
#include <string>
#include <variant>

#include "windowing/timestamp.hpp"

namespace rill::io::nexmark {

struct Person {
  int64_t id = 0;
  std::string name;         // "Peter Jones"
  std::string email;        // "abcde@fgh.com"
  std::string credit_card;  // 15 digits
  std::string city;         // "Boise"
  std::string state;        // "ID"
  Timestamp date_time = 0;
  std::string extra;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, name, email, credit_card, city, state, date_time, extra);
  }
  friend bool operator==(const Person&, const Person&) = default;
};

struct Auction {
  int64_t id = 0;
  std::string item_name;
  std::string description;
  int64_t initial_bid = 0;  // cents
  int64_t reserve = 0;      // cents, >= initial_bid
  Timestamp date_time = 0;  // opens
  Timestamp expires = 0;    // closes (exclusive): date_time < expires
  int64_t seller = 0;       // a Person id
  int64_t category = 0;     // 10..14
  std::string extra;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, item_name, description, initial_bid, reserve, date_time, expires, seller, category,
       extra);
  }
  friend bool operator==(const Auction&, const Auction&) = default;
};

struct Bid {
  int64_t auction = 0;  // an Auction id
  int64_t bidder = 0;   // a Person id
  int64_t price = 0;    // cents
  Timestamp date_time = 0;
  std::string extra;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(auction, bidder, price, date_time, extra);
  }
  friend bool operator==(const Bid&, const Bid&) = default;
};

enum class EventKind : uint8_t { kBid = 0, kPerson = 1, kAuction = 2 };

// One of Person, Auction, Bid. Bid comes first so that a default-constructed Event is an
// (empty) Bid: 92 % of generated events are bids, and the generator fills them in place.
struct Event {
  std::variant<Bid, Person, Auction> v;

  Event() = default;
  Event(Bid b) : v(std::in_place_index<0>, std::move(b)) {}
  Event(Person p) : v(std::in_place_index<1>, std::move(p)) {}
  Event(Auction a) : v(std::in_place_index<2>, std::move(a)) {}

  EventKind kind() const { return static_cast<EventKind>(v.index()); }
  bool is_bid() const { return v.index() == 0; }
  bool is_person() const { return v.index() == 1; }
  bool is_auction() const { return v.index() == 2; }
  const Bid& bid() const { return *std::get_if<0>(&v); }
  const Person& person() const { return *std::get_if<1>(&v); }
  const Auction& auction() const { return *std::get_if<2>(&v); }
  Bid& bid() { return *std::get_if<0>(&v); }
  Person& person() { return *std::get_if<1>(&v); }
  Auction& auction() { return *std::get_if<2>(&v); }
  Timestamp date_time() const {
    return std::visit([](const auto& x) { return x.date_time; }, v);
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(v);
  }
  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace rill::io::nexmark
