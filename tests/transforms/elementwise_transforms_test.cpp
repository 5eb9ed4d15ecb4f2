// Regex, ToString, and Map/Filter/FlatMap with free functions and function pointers, through
// the runner at several parallelisms and batch sizes.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {

PipelineOptions opts(int parallelism, size_t batch) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = batch;
  return o;
}

template <class T>
std::vector<T> sorted(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v;
}

const std::vector<std::pair<int, size_t>> kSettings = {{1, 1}, {2, 16}, {4, 1024}, {4, 3}};

std::vector<std::string> lines() {
  std::vector<std::string> v;
  for (int i = 0; i < 60; ++i) {
    switch (i % 4) {
      case 0:
        v.push_back("id=" + std::to_string(i));
        break;
      case 1:
        v.push_back("user" + std::to_string(i) + ":score" + std::to_string(i * 3));
        break;
      case 2:
        v.push_back("  see https://x.org/" + std::to_string(i) + " and  more ");
        break;
      default:
        v.push_back("");
        break;
    }
  }
  return v;
}

}  // namespace

TEST_CASE("Regex: Matches, MatchesKV, Find, FindKV, ReplaceAll, ReplaceFirst, Split") {
  const auto in_lines = lines();
  // Expected results from std::regex applied here, element by element.
  std::vector<std::string> matches, find, replace_all, replace_first, split, split_empty;
  std::vector<KV<std::string, std::string>> matches_kv, find_kv;
  std::smatch m;
  const std::regex id("id=([0-9]+)"), kv("(\\w+):(\\w+)"), url("https?://\\S+"), digit("[0-9]"),
      ws("\\s+");
  for (const auto& s : in_lines) {
    if (std::regex_match(s, m, id)) matches.push_back(m.str(1));
    if (std::regex_match(s, m, kv)) matches_kv.push_back({m.str(1), m.str(2)});
    if (std::regex_search(s, m, url)) find.push_back(m.str(0));
    if (std::regex_search(s, m, kv)) find_kv.push_back({m.str(1), m.str(2)});
    replace_all.push_back(std::regex_replace(s, digit, "#"));
    replace_first.push_back(
        std::regex_replace(s, digit, "<$&>", std::regex_constants::format_first_only));
    // Splitting on whitespace: the words, and with empty pieces the gaps at either end too.
    std::istringstream words(s);
    for (std::string w; words >> w;) split.push_back(w);
    if (s.find(' ') != std::string::npos) {
      split_empty.push_back("");  // before the leading spaces
      std::istringstream w2(s);
      for (std::string w; w2 >> w;) split_empty.push_back(w);
      split_empty.push_back("");  // after the trailing space
    } else {
      split_empty.push_back(s);
    }
  }
  REQUIRE(matches.size() == 15);
  REQUIRE(find.size() == 15);
  for (auto [p, batch] : kSettings) {
    CAPTURE(p);
    CAPTURE(batch);
    Pipeline pipe{opts(p, batch)};
    auto in = pipe | Create("Lines", in_lines);
    auto o_matches = in | Regex::Matches("Matches", "id=([0-9]+)", 1) | io::Collect("O1");
    auto o_matches_kv =
        in | Regex::MatchesKV("MatchesKV", "(\\w+):(\\w+)", 1, 2) | io::Collect("O2");
    auto o_find = in | Regex::Find("Find", "https?://\\S+") | io::Collect("O3");
    auto o_find_kv = in | Regex::FindKV("FindKV", "(\\w+):(\\w+)", 1, 2) | io::Collect("O4");
    auto o_all = in | Regex::ReplaceAll("All", "[0-9]", "#") | io::Collect("O5");
    auto o_first = in | Regex::ReplaceFirst("First", "[0-9]", "<$&>") | io::Collect("O6");
    auto o_split = in | Regex::Split("Split", "\\s+") | io::Collect("O7");
    auto o_split_empty = in | Regex::Split("SplitEmpty", "\\s+", true) | io::Collect("O8");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    CHECK(sorted(o_matches->values()) == sorted(matches));
    CHECK(sorted(o_matches_kv->values()) == sorted(matches_kv));
    CHECK(sorted(o_find->values()) == sorted(find));
    CHECK(sorted(o_find_kv->values()) == sorted(find_kv));
    CHECK(sorted(o_all->values()) == sorted(replace_all));
    CHECK(sorted(o_first->values()) == sorted(replace_first));
    CHECK(sorted(o_split->values()) == sorted(split));
    CHECK(sorted(o_split_empty->values()) == sorted(split_empty));
  }
}

TEST_CASE("Regex::Split follows Java's Pattern.split; bad expressions fail when built") {
  Pipeline pipe{opts(1, 8)};
  auto in = pipe | Create("In", std::vector<std::string>{"a,b,,c,", "abc"});
  auto commas = in | Regex::Split("Commas", ",") | io::Collect("CommasOut");
  auto commas_all = in | Regex::Split("CommasAll", ",", true) | io::Collect("CommasAllOut");
  auto chars = in | Regex::Split("Chars", "") | io::Collect("CharsOut");
  REQUIRE(pipe.run().ok());
  CHECK(commas->values() == std::vector<std::string>{"a", "b", "c", "abc"});
  CHECK(commas_all->values() == std::vector<std::string>{"a", "b", "", "c", "", "abc"});
  CHECK(sorted(chars->values()) ==
        sorted(std::vector<std::string>{"a", ",", "b", ",", ",", "c", ",", "a", "b", "c"}));
  CHECK_THROWS_AS(Regex::Matches("Bad", "(unclosed"), std::regex_error);
  CHECK_THROWS_AS(Regex::Matches("NoGroup", "a(b)", 2), std::invalid_argument);
}

namespace {
struct Point {
  int x, y;
  friend std::ostream& operator<<(std::ostream& os, const Point& p) {
    return os << "(" << p.x << " " << p.y << ")";
  }
  template <class A>
  void serialize(A& ar) {
    ar(x, y);
  }
};
}  // namespace

TEST_CASE("ToString::Elements, KVs and Iterables") {
  for (auto [p, batch] : kSettings) {
    CAPTURE(p);
    CAPTURE(batch);
    Pipeline pipe{opts(p, batch)};
    std::vector<int64_t> ints;
    for (int64_t i = -20; i < 20; ++i) ints.push_back(i * 1001);
    auto o_ints = pipe | Create("Ints", ints) | ToString::Elements("IntText") | io::Collect("O1");
    auto o_doubles = pipe | Create("Doubles", std::vector<double>{1.5, 0.1, -2.0, 1e21}) |
                     ToString::Elements("DoubleText") | io::Collect("O2");
    auto o_points = pipe | Create("Points", std::vector<Point>{{1, 2}, {3, -4}}) |
                    ToString::Elements("PointText") | io::Collect("O3");
    auto o_bools = pipe | Create("Bools", std::vector<bool>{true, false}) |
                   ToString::Elements("BoolText") | io::Collect("O4");
    auto kvs = pipe | Create("KVs", std::vector<KV<std::string, double>>{{"a", 0.25}, {"b", 3}});
    auto o_csv = kvs | ToString::KVs("Csv") | io::Collect("O5");
    auto o_tsv = kvs | ToString::KVs("Tsv", "\t") | io::Collect("O6");
    auto o_lists = pipe |
                   Create("Lists", std::vector<std::vector<std::string>>{{"x", "y"}, {}, {"z"}}) |
                   ToString::Iterables("Joined", ";") | io::Collect("O7");
    auto o_strings = pipe | Create("Strings", std::vector<std::string>{"as", "is"}) |
                     ToString::Elements("Same") | io::Collect("O8");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    std::vector<std::string> want_ints;
    for (int64_t i : ints) want_ints.push_back(std::to_string(i));
    CHECK(sorted(o_ints->values()) == sorted(want_ints));
    CHECK(sorted(o_doubles->values()) ==
          sorted(std::vector<std::string>{"1.5", "0.1", "-2", "1e+21"}));
    CHECK(sorted(o_points->values()) == std::vector<std::string>{"(1 2)", "(3 -4)"});
    CHECK(sorted(o_bools->values()) == std::vector<std::string>{"false", "true"});
    CHECK(sorted(o_csv->values()) == std::vector<std::string>{"a,0.25", "b,3"});
    CHECK(sorted(o_tsv->values()) == std::vector<std::string>{"a\t0.25", "b\t3"});
    CHECK(sorted(o_lists->values()) == std::vector<std::string>{"", "x;y", "z"});
    CHECK(sorted(o_strings->values()) == std::vector<std::string>{"as", "is"});
  }
}

namespace {
// Free functions of each form the element-wise transforms take.
int64_t square(int64_t x) {
  return x * x;
}
bool is_even(const int64_t& x) {
  return x % 2 == 0;
}
std::vector<int64_t> twice(int64_t x) {
  return {x, x};
}
void digits(const int64_t& x, Emitter<std::string>& out) {
  for (char c : std::to_string(x)) out.emit(std::string(1, c));
}
int64_t counted(int64_t x, Metrics& m) {
  m.counter("seen").inc();
  return x + 1;
}
int64_t plus_offset(int64_t x, const SideInputs& side);
SingletonView<int64_t> offset_view;
int64_t plus_offset(int64_t x, const SideInputs& side) {
  return x + side[offset_view];
}
struct Parity {
  static bool odd(const int64_t& x) { return x % 2 != 0; }
};
}  // namespace

TEST_CASE("Map, Filter and FlatMap take free functions and function pointers") {
  for (auto [p, batch] : kSettings) {
    CAPTURE(p);
    CAPTURE(batch);
    Pipeline pipe{opts(p, batch)};
    std::vector<int64_t> xs;
    for (int64_t i = 0; i < 50; ++i) xs.push_back(i);
    auto in = pipe | Create("In", xs);
    int64_t (*square_ptr)(int64_t) = &square;
    auto squares = in | Map("Square", square) | io::Collect("Squares");
    auto squares_ptr = in | Map("SquarePtr", square_ptr) | io::Collect("SquaresPtr");
    auto evens = in | Filter("Even", is_even) | io::Collect("Evens");
    auto evens_by = in | Filter<>::by("EvenBy", &is_even) | io::Collect("EvensBy");
    auto odds = in | Filter("Odd", &Parity::odd) | io::Collect("Odds");
    auto small = in | Filter<>::less_than("Small", int64_t{10}) | io::Collect("Smalls");
    auto big = in | Filter<>::greater_than_eq("Big", 45) | io::Collect("Bigs");
    auto seven = in | Filter<>::equal("Seven", 7) | io::Collect("Sevens");
    auto doubled = in | FlatMap("Twice", twice) | io::Collect("Doubled");
    auto chars = in | FlatMap<std::string>("Digits", digits) | io::Collect("Chars");
    auto plus = in | Map("Counted", counted) | io::Collect("Plus");
    offset_view = AsSingleton(pipe | Create("OffsetIn", std::vector<int64_t>{100}));
    auto offset = in | Map("Offset", plus_offset, offset_view) | io::Collect("Offsets");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    std::vector<int64_t> want_sq, want_even, want_odd, want_twice, want_plus, want_off;
    std::vector<std::string> want_chars;
    for (int64_t x : xs) {
      want_sq.push_back(x * x);
      (x % 2 == 0 ? want_even : want_odd).push_back(x);
      want_twice.insert(want_twice.end(), {x, x});
      for (char c : std::to_string(x)) want_chars.push_back(std::string(1, c));
      want_plus.push_back(x + 1);
      want_off.push_back(x + 100);
    }
    CHECK(sorted(squares->values()) == want_sq);
    CHECK(sorted(squares_ptr->values()) == want_sq);
    CHECK(sorted(evens->values()) == want_even);
    CHECK(sorted(evens_by->values()) == want_even);
    CHECK(sorted(odds->values()) == want_odd);
    CHECK(sorted(small->values()) == std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(sorted(big->values()) == std::vector<int64_t>{45, 46, 47, 48, 49});
    CHECK(seven->values() == std::vector<int64_t>{7});
    CHECK(sorted(doubled->values()) == sorted(want_twice));
    CHECK(sorted(chars->values()) == sorted(want_chars));
    CHECK(sorted(plus->values()) == want_plus);
    CHECK(r.metrics().counter("Counted", "seen") == 50);
    CHECK(sorted(offset->values()) == want_off);
  }
}
