#pragma once
// Expanding file patterns such as "data/*.txt" or "logs/2024-0[1-3]/part-?????.gz" into
// the files they name.
#include <string>
#include <string_view>
#include <vector>

namespace rill::io::text {

// True if `pattern` contains an unescaped wildcard ('*', '?' or '[').
bool has_wildcards(std::string_view pattern);

// Shell-style matching of one path component (no '/' handling):
//   *      any run of characters, ?  any one character,
//   [abc] [a-z] one of the set, [!a-z] or [^a-z] one not in it (']' first is literal),
//   \c     the character c itself. An unterminated '[' is a literal '['.
// A leading '.' of `name` must be matched literally (not by *, ? or [...]), as in the shell,
// so "*" skips hidden files (and ShardedTextWriter's temporaries).
bool matches_glob_component(std::string_view pattern, std::string_view name);

// The files `pattern` names, sorted by path. Wildcards may appear in any '/'-separated
// component; non-final components match directories, the final one regular files (or
// links to them). Results keep the pattern's form (relative stays relative). A pattern
// without wildcards names itself if it is a regular file; a directory or a FIFO, socket or
// device is refused, saying which. Throws std::invalid_argument "no file matches
// '<pattern>'" when nothing matches. "**" is an ordinary '*' (no
// recursion).
std::vector<std::string> expand_glob(const std::string& pattern);

}  // namespace rill::io::text
