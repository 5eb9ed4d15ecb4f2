#pragma once
// Regex (Beam's Regex transforms) over PCollection<std::string>, ECMAScript syntax
// (std::regex, kept out of the headers: regex_matcher.hpp). The expression is compiled once, when
// the transform is built (a bad one throws std::regex_error there), and shared read-only by the
// step's partitions.
//   lines | rill::Regex::Matches("Ids", "id=([0-9]+)", 1)   // whole element matches: group 1
//   lines | rill::Regex::MatchesKV("Pairs", "(\\w+)=(\\w+)", 1, 2)   // KV<string, string>
//   lines | rill::Regex::Find("Urls", "https?://\\S+")      // first match anywhere: group 0
//   lines | rill::Regex::FindKV("Kv", "(\\w+):(\\w+)", 1, 2)
//   lines | rill::Regex::ReplaceAll("Mask", "[0-9]", "#")   // replacement: $1, $&, ...
//   lines | rill::Regex::ReplaceFirst("Trim", "^\\s+", "")
//   lines | rill::Regex::Split("Words", "\\s+")             // pieces; empty ones dropped
// Matches/Find drop the elements that do not match; a group that took no part in the match
// gives "" (Beam gives null). A group number beyond the expression's groups throws
// std::invalid_argument when the transform is built.
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "graph/kv.hpp"
#include "graph/transforms/elementwise.hpp"
#include "graph/transforms/regex_matcher.hpp"

namespace rill {
namespace detail {

// Compiles `re` and checks that it has the groups asked for.
RegexMatcher compile_regex(const std::string& re, std::initializer_list<size_t> groups,
                           const std::string& name);

template <class T>
constexpr bool check_regex_input() {
  static_assert(std::is_same_v<T, std::string>,
                "rill::Regex: the input must be a PCollection<std::string>");
  return std::is_same_v<T, std::string>;
}

struct RegexGroupFn : DoFn<std::string, std::string> {
  RegexMatcher re;
  size_t group = 0;
  bool whole = true;  // the whole element must match (Matches), or a part of it (Find)
  void process(const std::string& s, Emitter<std::string>& out) {
    if (re.match(s, whole)) out.emit(re.group(group));
  }
};

struct RegexKVFn : DoFn<std::string, KV<std::string, std::string>> {
  RegexMatcher re;
  size_t key = 1, value = 2;
  bool whole = true;
  void process(const std::string& s, Emitter<KV<std::string, std::string>>& out) {
    if (re.match(s, whole)) out.emit({re.group(key), re.group(value)});
  }
};

// Beam's Regex.split (Java's Pattern.split): the pieces between matches; empty pieces only
// with output_empty.
struct RegexSplitFn : DoFn<std::string, std::string> {
  RegexMatcher re;
  bool output_empty = false;
  std::vector<std::string> pieces;  // reused from element to element
  void process(const std::string& s, Emitter<std::string>& out) {
    pieces.clear();
    re.split(s, output_empty, pieces);
    for (auto& p : pieces) out.emit(std::move(p));
  }
};

template <class Fn>
struct RegexStep {
  std::string name;
  Fn fn;
  template <class T>
  auto expand(const PCollection<T>& in) {
    if constexpr (check_regex_input<T>())
      return add_pardo(in, name, "Regex", fn);
    else
      return detail::wiring_error(in);
  }
};

struct RegexReplaceStep {
  std::string name;
  RegexMatcher re;
  std::string replacement;
  bool first_only = false;
  template <class T>
  auto expand(const PCollection<T>& in) {
    if constexpr (check_regex_input<T>()) {
      return add_in_place_step(in, name, "Regex",
                               [re = re, rep = replacement, f = first_only](Batch<T>& b, Metrics&) {
                                 for (auto& e : b) e.value = re.replace(e.value, rep, f);
                               });
    } else {
      return detail::wiring_error(in);
    }
  }
};

}  // namespace detail

namespace Regex {

// The elements that match `re` as a whole, as their group `group` (0: all of it).
inline detail::RegexStep<detail::RegexGroupFn> Matches(std::string name, const std::string& re,
                                                       size_t group = 0) {
  auto compiled = detail::compile_regex(re, {group}, name);
  return {std::move(name), {{}, std::move(compiled), group, true}};
}

// The elements that match as a whole, as KV(group key_group, group value_group).
inline detail::RegexStep<detail::RegexKVFn> MatchesKV(std::string name, const std::string& re,
                                                      size_t key_group, size_t value_group) {
  auto compiled = detail::compile_regex(re, {key_group, value_group}, name);
  return {std::move(name), {{}, std::move(compiled), key_group, value_group, true}};
}

// The elements with a match anywhere, as the first match's group `group`.
inline detail::RegexStep<detail::RegexGroupFn> Find(std::string name, const std::string& re,
                                                    size_t group = 0) {
  auto compiled = detail::compile_regex(re, {group}, name);
  return {std::move(name), {{}, std::move(compiled), group, false}};
}

inline detail::RegexStep<detail::RegexKVFn> FindKV(std::string name, const std::string& re,
                                                   size_t key_group, size_t value_group) {
  auto compiled = detail::compile_regex(re, {key_group, value_group}, name);
  return {std::move(name), {{}, std::move(compiled), key_group, value_group, false}};
}

// Every match replaced by `replacement` (ECMAScript format: $& the match, $1 a group, $$).
inline detail::RegexReplaceStep ReplaceAll(std::string name, const std::string& re,
                                           std::string replacement) {
  auto compiled = detail::compile_regex(re, {}, name);
  return {std::move(name), std::move(compiled), std::move(replacement), false};
}

// The first match replaced.
inline detail::RegexReplaceStep ReplaceFirst(std::string name, const std::string& re,
                                             std::string replacement) {
  auto compiled = detail::compile_regex(re, {}, name);
  return {std::move(name), std::move(compiled), std::move(replacement), true};
}

// Each element cut at the matches of `re` into its pieces, one output each; empty pieces
// are dropped unless output_empty.
inline detail::RegexStep<detail::RegexSplitFn> Split(std::string name, const std::string& re,
                                                     bool output_empty = false) {
  auto compiled = detail::compile_regex(re, {}, name);
  return {std::move(name), {{}, std::move(compiled), output_empty, {}}};
}

}  // namespace Regex
}  // namespace rill
