#pragma once
// The expression language of the transcripts' `window_fn` and `trigger_fn` (FORMAT.md 4):
//
//   expr := NAME | NAME '(' [arg {',' arg}] ')' | INT | '[' [expr {',' expr}] ']'
//   arg  := expr | KEYWORD '=' expr
//
// Whitespace is insignificant; INT is a decimal integer with an optional sign.
// Error messages quote the text, cut to its first 80 characters.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rill::conformance {

struct Expr {
  enum class Kind { kName, kCall, kInt, kList };
  struct Keyword;  // a keyword argument: first=second
  Kind kind = Kind::kName;
  std::string name;             // kName, kCall
  int64_t integer = 0;          // kInt
  std::vector<Expr> args;       // kCall positional arguments, kList items
  std::vector<Keyword> kwargs;  // kCall keyword arguments

  std::string to_string() const;
};

// Not a std::pair: clang with libstdc++ cannot instantiate pair<string, Expr> inside Expr.
struct Expr::Keyword {
  std::string first;
  Expr second;
};

// A syntax error, with the position in the source text.
class ExpressionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Lists and calls nest at most this deep; deeper text is an ExpressionError naming the limit
// (the parser recurses once per level, so 30,000 levels would overflow the stack).
inline constexpr int kMaxExpressionDepth = 256;

Expr parse_expression(std::string_view text);

}  // namespace rill::conformance
