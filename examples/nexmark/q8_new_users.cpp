#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {

PCollection<NewUser> q8_new_users(const PCollection<Event>& events, const QueryConfig& config) {
  const Duration size = config.window_size;
  return events | Composite("Q8", [size](const PCollection<Event>& in) {
           auto people =
               in |
               FlatMap<KV<int64_t, Person>>("PeopleById",
                                            [](Event&& e, Emitter<KV<int64_t, Person>>& out) {
                                              if (e.is_person()) {
                                                const int64_t id = e.person().id;
                                                out.emit({id, std::move(e.person())});
                                              }
                                            }) |
               WindowInto("PeopleFixed", FixedWindows(size));
           auto auctions =
               in |
               FlatMap<KV<int64_t, Auction>>("AuctionsBySeller",
                                             [](Event&& e, Emitter<KV<int64_t, Auction>>& out) {
                                               if (e.is_auction()) {
                                                 const int64_t seller = e.auction().seller;
                                                 out.emit({seller, std::move(e.auction())});
                                               }
                                             }) |
               WindowInto("AuctionsFixed", FixedWindows(size));
           return std::tuple{people, auctions} | CoGroupByKey("JoinBySellerInWindow") |
                  FlatMap<NewUser>(
                      "NewUsersWithAuctions",
                      [](const KV<int64_t, std::tuple<std::vector<Person>, std::vector<Auction>>>&
                             g,
                         Emitter<NewUser>& out) {
                        const auto& [people, auctions] = g.value;
                        for (const Person& p : people)
                          for (const Auction& a : auctions)
                            out.emit({p.id, p.name, a.id, a.reserve});
                      });
         });
}

}  // namespace rill::examples::nexmark
