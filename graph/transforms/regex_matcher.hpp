#pragma once
// A compiled ECMAScript expression with a match state, for the Regex transforms. std::regex
// stays in regex_matcher.cpp: its header and its compiler cost every file that includes rill
// about a second.
//
// Lifetime: the expression is compiled once, when the transform is built, and shared
// read-only by every copy (one per partition); the match state is each copy's own and reused
// from element to element.
#include <memory>
#include <string>
#include <vector>

namespace rill::detail {

class RegexMatcher {
 public:
  // Throws std::regex_error for a malformed expression.
  explicit RegexMatcher(const std::string& re);
  RegexMatcher(const RegexMatcher& other);
  RegexMatcher& operator=(const RegexMatcher& other);
  RegexMatcher(RegexMatcher&&) noexcept;
  RegexMatcher& operator=(RegexMatcher&&) noexcept;
  ~RegexMatcher();

  // The number of capturing groups.
  size_t groups() const;
  // Whether all of `s` (whole) or some part of it (the first match) matches. After a match,
  // group(i) is that group ("" for a group that took no part), valid while `s` lives.
  bool match(const std::string& s, bool whole);
  std::string group(size_t i) const;
  // The pieces of `s` between matches, as Java's Pattern.split: no empty first piece from
  // an empty match at 0; empty pieces only with output_empty. Appended to `out`.
  void split(const std::string& s, bool output_empty, std::vector<std::string>& out) const;
  // Every match (or the first one) replaced by `replacement` ($& the match, $1 a group).
  std::string replace(const std::string& s, const std::string& replacement, bool first_only) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rill::detail
