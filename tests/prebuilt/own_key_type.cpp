// The control case of check_prebuilt.sh: a combine keyed by a type of the program's own, which
// the program must compile itself.
#include "rill.hpp"

struct Team {
  int id = 0;
  bool operator==(const Team&) const = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(id);
  }
};
template <>
struct std::hash<Team> {
  size_t operator()(const Team& t) const { return std::hash<int>{}(t.id); }
};

rill::PCollection<rill::KV<Team, int64_t>> score(
    const rill::PCollection<rill::KV<Team, int64_t>>& in) {
  return in | rill::CombinePerKey("Score", rill::combine::Sum<int64_t>{});
}
