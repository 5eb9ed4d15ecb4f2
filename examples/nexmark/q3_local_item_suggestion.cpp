#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {
namespace {

bool in_or_id_ca(const Person& p) {
  return p.state == "OR" || p.state == "ID" || p.state == "CA";
}

// Keyed by person id; sees that person (if they live in OR, ID or CA) and their category-10
// auctions, in any order. Keeps the person to match later auctions, and the auctions that
// came before the person.
//
// State lifetime, as Beam's Query3 JoinDoFn: a key's state is created by its first event;
// every event (re)sets the "expire" timer to its time + max_waiting_time; when the key has
// been quiet that long the timer clears both cells, and the runtime, seeing every cell
// empty and no timer set, forgets the key. Memory thus holds the people and waiting auctions
// of the last max_waiting_time of event time (about 6 M events at the default rate), not
// every person ever seen.
struct JoinAuctionsWithSeller : StatefulDoFn<int64_t, Event, NameCityStateId> {
  Duration max_waiting_time;

  struct State {
    ValueState<Person> person;
    BagState<Auction> waiting;  // auctions seen before their seller
    template <class A>
    void serialize(A& ar) {
      ar(person, waiting);
    }
  };

  static NameCityStateId result(const Person& p, const Auction& a) {
    return {p.name, p.city, p.state, a.id};
  }

  void process(const KV<int64_t, Event>& e, Emitter<NameCityStateId>& out, State& st,
               Timers& timers) {
    if (e.value.is_person()) {
      const Person& p = e.value.person();
      if (st.person.read()) return;  // a person id is generated once: never a second one
      st.person.write(p);
      for (const Auction& a : st.waiting.read()) out.emit(result(p, a));
      st.waiting.clear();
    } else {
      const Auction& a = e.value.auction();
      if (const auto& p = st.person.read())
        out.emit(result(*p, a));
      else
        st.waiting.add(a);
    }
    // As Beam does: forget the key once it has been quiet for max_waiting_time.
    timers.set("expire", e.value.date_time() + max_waiting_time);
  }

  void on_timer(const TimerFiring<int64_t>&, Emitter<NameCityStateId>&, State& st, Timers&) {
    st.person.clear();
    st.waiting.clear();
  }
};

}  // namespace

PCollection<NameCityStateId> q3_local_item_suggestion(const PCollection<Event>& events,
                                                      const QueryConfig& config) {
  const Duration wait = config.max_auctions_waiting_time;
  return events | Composite("Q3", [wait](const PCollection<Event>& in) {
           auto auctions = in | FlatMap<KV<int64_t, Event>>(
                                    "AuctionsInCategory10BySeller",
                                    [](Event&& e, Emitter<KV<int64_t, Event>>& out) {
                                      if (e.is_auction() && e.auction().category == 10) {
                                        const int64_t seller = e.auction().seller;
                                        out.emit({seller, std::move(e)});
                                      }
                                    });
           auto people =
               in | FlatMap<KV<int64_t, Event>>("PeopleInOrIdCaById",
                                                [](Event&& e, Emitter<KV<int64_t, Event>>& out) {
                                                  if (e.is_person() && in_or_id_ca(e.person())) {
                                                    const int64_t id = e.person().id;
                                                    out.emit({id, std::move(e)});
                                                  }
                                                });
           return std::vector{auctions, people} | Flatten("AuctionsAndPeople") |
                  ParDo("JoinBySeller", JoinAuctionsWithSeller{{}, wait});
         });
}

}  // namespace rill::examples::nexmark
