#include "io/text/file_glob.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace rill::io::text {
namespace {

// Matches the bracket expression starting at pattern[p] == '[' against `c`. Returns the
// index just past its ']' and whether `c` is in it, or nullopt if no ']' closes it.
std::optional<std::pair<size_t, bool>> match_bracket(std::string_view pattern, size_t p, char c) {
  size_t i = p + 1;
  bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negated) ++i;
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    char lo = pattern[i];
    if (lo == '\\' && i + 1 < pattern.size()) lo = pattern[++i];
    char hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      i += 2;
      hi = pattern[i];
      if (hi == '\\' && i + 1 < pattern.size()) hi = pattern[++i];
    }
    auto u = static_cast<unsigned char>(c);
    if (static_cast<unsigned char>(lo) <= u && u <= static_cast<unsigned char>(hi)) matched = true;
    ++i;
  }
  if (i >= pattern.size()) return std::nullopt;
  return std::make_pair(i + 1, matched != negated);
}

// Split on '/', dropping empty components ("a//b" is "a/b").
std::vector<std::string> split_components(const std::string& pattern) {
  std::vector<std::string> parts;
  size_t begin = 0;
  while (begin <= pattern.size()) {
    size_t end = pattern.find('/', begin);
    if (end == std::string::npos) end = pattern.size();
    if (end > begin) parts.push_back(pattern.substr(begin, end - begin));
    begin = end + 1;
  }
  return parts;
}

std::string unescape(std::string_view component) {
  std::string out;
  for (size_t i = 0; i < component.size(); ++i) {
    if (component[i] == '\\' && i + 1 < component.size()) ++i;
    out.push_back(component[i]);
  }
  return out;
}

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

bool is_file(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool is_directory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

}  // namespace

bool has_wildcards(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '*' || c == '?' || c == '[') {
      return true;
    }
  }
  return false;
}

bool matches_glob_component(std::string_view pattern, std::string_view name) {
  if (!name.empty() && name[0] == '.' && (pattern.empty() || pattern[0] != '.')) {
    // Only a pattern spelling the dot (or "\.") may match a hidden name.
    if (!(pattern.size() >= 2 && pattern[0] == '\\' && pattern[1] == '.')) return false;
  }
  // Iterative matching; on mismatch, retry from the last '*' with one more character eaten.
  size_t p = 0, n = 0;
  size_t star_p = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size()) {
      char pc = pattern[p];
      if (pc == '*') {
        star_p = p++;
        star_n = n;
        continue;
      }
      if (pc == '?') {
        ++p;
        ++n;
        continue;
      }
      if (pc == '[') {
        if (auto bracket = match_bracket(pattern, p, name[n])) {
          if (bracket->second) {
            p = bracket->first;
            ++n;
            continue;
          }
        } else if (name[n] == '[') {  // unterminated: a literal '['
          ++p;
          ++n;
          continue;
        }
      } else {
        char literal = pc;
        size_t width = 1;
        if (pc == '\\' && p + 1 < pattern.size()) {
          literal = pattern[p + 1];
          width = 2;
        }
        if (literal == name[n]) {
          p += width;
          ++n;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p + 1;
    n = ++star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string> expand_glob(const std::string& pattern) {
  std::vector<std::string> matches;
  if (!has_wildcards(pattern)) {
    std::string path = unescape(pattern);
    if (is_file(path)) {
      matches.push_back(path);
    } else {
      std::error_code ec;
      const auto st = fs::status(path, ec);
      if (st.type() == fs::file_type::directory)
        throw std::invalid_argument("'" + pattern +
                                    "' is a directory: give a file, or a glob such as '" +
                                    (pattern.ends_with('/') ? pattern : pattern + "/") + "*'");
      if (!ec && st.type() != fs::file_type::not_found)
        throw std::invalid_argument("'" + pattern +
                                    "' is not a regular file (a FIFO, socket or device): rill "
                                    "reads regular files, which it can split and read again");
    }
  } else {
    const std::vector<std::string> components = split_components(pattern);
    // Candidate directories so far, spelled as in the pattern.
    std::vector<std::string> current{pattern.starts_with('/') ? "/" : ""};
    for (size_t c = 0; c < components.size() && !current.empty(); ++c) {
      const bool last = c + 1 == components.size();
      const std::string& component = components[c];
      std::vector<std::string> next;
      for (const std::string& dir : current) {
        if (!has_wildcards(component)) {
          std::string path = join(dir, unescape(component));
          if (last ? is_file(path) : is_directory(path)) next.push_back(std::move(path));
          continue;
        }
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir.empty() ? "." : dir, ec)) {
          std::string name = entry.path().filename().string();
          if (!matches_glob_component(component, name)) continue;
          std::string path = join(dir, name);
          if (last ? is_file(path) : is_directory(path)) next.push_back(std::move(path));
        }
        // An unreadable directory simply contributes no match.
      }
      current = std::move(next);
    }
    matches = std::move(current);
  }
  if (matches.empty()) throw std::invalid_argument("no file matches '" + pattern + "'");
  std::sort(matches.begin(), matches.end());
  matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
  return matches;
}

}  // namespace rill::io::text
