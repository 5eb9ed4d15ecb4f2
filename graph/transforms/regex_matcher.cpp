#include "graph/transforms/regex_matcher.hpp"

#include <regex>
#include <stdexcept>

#include "graph/transforms/regex.hpp"

namespace rill::detail {

struct RegexMatcher::State {
  std::shared_ptr<const std::regex> re;
  std::smatch m;
};

RegexMatcher::RegexMatcher(const std::string& re)
    : state_(std::make_unique<State>(
          State{std::make_shared<const std::regex>(re, std::regex::ECMAScript), {}})) {}

RegexMatcher::RegexMatcher(const RegexMatcher& other)
    : state_(std::make_unique<State>(State{other.state_->re, {}})) {}

RegexMatcher& RegexMatcher::operator=(const RegexMatcher& other) {
  if (this != &other) state_ = std::make_unique<State>(State{other.state_->re, {}});
  return *this;
}

RegexMatcher::RegexMatcher(RegexMatcher&&) noexcept = default;
RegexMatcher& RegexMatcher::operator=(RegexMatcher&&) noexcept = default;
RegexMatcher::~RegexMatcher() = default;

size_t RegexMatcher::groups() const {
  return state_->re->mark_count();
}

bool RegexMatcher::match(const std::string& s, bool whole) {
  return whole ? std::regex_match(s, state_->m, *state_->re)
               : std::regex_search(s, state_->m, *state_->re);
}

std::string RegexMatcher::group(size_t i) const {
  return state_->m.str(i);
}

void RegexMatcher::split(const std::string& s, bool output_empty,
                         std::vector<std::string>& out) const {
  auto piece = [&](std::string::const_iterator b, std::string::const_iterator e) {
    if (b != e || output_empty) out.emplace_back(b, e);
  };
  auto start = s.cbegin();
  for (auto it = std::sregex_iterator(s.begin(), s.end(), *state_->re);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    if (m.length(0) == 0 && m.position(0) == 0) continue;  // as Java: no empty first piece
    piece(start, m[0].first);
    start = m[0].second;
  }
  piece(start, s.cend());
}

std::string RegexMatcher::replace(const std::string& s, const std::string& replacement,
                                  bool first_only) const {
  return std::regex_replace(
      s, *state_->re, replacement,
      first_only ? std::regex_constants::format_first_only : std::regex_constants::format_default);
}

RegexMatcher compile_regex(const std::string& re, std::initializer_list<size_t> groups,
                           const std::string& name) {
  RegexMatcher compiled(re);
  for (size_t g : groups)
    if (g > compiled.groups())
      throw std::invalid_argument("rill::Regex '" + name + "': group " + std::to_string(g) +
                                  " of '" + re + "', which has " +
                                  std::to_string(compiled.groups()) + " group(s)");
  return compiled;
}

}  // namespace rill::detail
