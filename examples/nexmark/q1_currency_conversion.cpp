#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {

PCollection<Bid> q1_currency_conversion(const PCollection<Event>& events) {
  return events | Composite("Q1", [](const PCollection<Event>& in) {
           return in |
                  FlatMap<Bid>("JustBids",
                               [](Event&& e, Emitter<Bid>& out) {
                                 if (e.is_bid()) out.emit(std::move(e.bid()));
                               }) |
                  Map("ToEuros", [](Bid b) {
                    b.price = b.price * 89 / 100;  // Beam's DOLTOEUR: integer cents, truncated
                    return b;
                  });
         });
}

}  // namespace rill::examples::nexmark
