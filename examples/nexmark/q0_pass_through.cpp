#include "examples/nexmark/queries.hpp"

namespace rill::examples::nexmark {

PCollection<Event> q0_pass_through(const PCollection<Event>& events) {
  return events | Composite("Q0", [](const PCollection<Event>& in) {
           return in | Map("PassThrough", [](Event e) { return e; });
         });
}

}  // namespace rill::examples::nexmark
