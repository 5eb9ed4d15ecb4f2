#include "conformance/expression.hpp"

#include <cctype>
#include <charconv>

namespace rill::conformance {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expr parse_all() {
    Expr e = parse_expr();
    skip_space();
    if (pos_ != text_.size()) fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    return e;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    constexpr size_t kQuoted = 80;
    const std::string quoted = text_.size() <= kQuoted
                                   ? std::string(text_)
                                   : std::string(text_.substr(0, kQuoted)) + "... (" +
                                         std::to_string(text_.size()) + " characters)";
    throw ExpressionError("cannot parse '" + quoted + "': " + what + " at position " +
                          std::to_string(pos_));
  }
  // Entered for every list or call; leaving the scope leaves the level.
  class Nested {
   public:
    explicit Nested(Parser& p) : p_(p) {
      if (++p_.depth_ > kMaxExpressionDepth)
        p_.fail("lists and calls nested deeper than " + std::to_string(kMaxExpressionDepth) +
                " levels");
    }
    ~Nested() { --p_.depth_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    Parser& p_;
  };
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  void expect(char c) {
    if (!peek(c)) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  static bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  }

  std::string parse_name() {
    size_t start = pos_;
    while (pos_ < text_.size() && name_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  Expr parse_int() {
    size_t start = pos_;
    if (text_[pos_] == '+' || text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_])))
      fail("expected a digit");
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    std::string_view digits = text_.substr(start, pos_ - start);
    if (digits.front() == '+') digits.remove_prefix(1);
    Expr e;
    e.kind = Expr::Kind::kInt;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), e.integer);
    if (ec != std::errc() || ptr != digits.data() + digits.size())
      fail("integer out of range: " + std::string(digits));
    return e;
  }

  Expr parse_expr() {
    skip_space();
    if (pos_ >= text_.size()) fail("unexpected end of expression");
    char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+') return parse_int();
    if (c == '[') {
      Nested level(*this);
      ++pos_;
      Expr e;
      e.kind = Expr::Kind::kList;
      if (!peek(']')) {
        do {
          e.args.push_back(parse_expr());
        } while (peek(',') && (++pos_, true));
      }
      expect(']');
      return e;
    }
    if (!name_start(c)) fail("unexpected '" + std::string(1, c) + "'");
    Expr e;
    e.name = parse_name();
    if (!peek('(')) return e;  // a bare name
    Nested level(*this);
    ++pos_;
    e.kind = Expr::Kind::kCall;
    if (!peek(')')) {
      do {
        parse_arg(e);
      } while (peek(',') && (++pos_, true));
    }
    expect(')');
    return e;
  }

  void parse_arg(Expr& call) {
    skip_space();
    // KEYWORD '=' expr ?
    if (pos_ < text_.size() && name_start(text_[pos_])) {
      size_t save = pos_;
      std::string name = parse_name();
      if (peek('=')) {
        ++pos_;
        for (const auto& kw : call.kwargs)
          if (kw.first == name) fail("duplicate keyword argument '" + name + "'");
        call.kwargs.push_back({std::move(name), parse_expr()});
        return;
      }
      pos_ = save;
    }
    if (!call.kwargs.empty()) fail("positional argument after keyword argument");
    call.args.push_back(parse_expr());
  }

  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Expr parse_expression(std::string_view text) {
  return Parser(text).parse_all();
}

std::string Expr::to_string() const {
  switch (kind) {
    case Kind::kName:
      return name;
    case Kind::kInt:
      return std::to_string(integer);
    case Kind::kList: {
      std::string s = "[";
      for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i].to_string();
      return s + "]";
    }
    case Kind::kCall: {
      std::string s = name + "(";
      bool first = true;
      for (const Expr& a : args) {
        s += (first ? "" : ", ") + a.to_string();
        first = false;
      }
      for (const auto& [k, v] : kwargs) {
        s += (first ? "" : ", ") + k + "=" + v.to_string();
        first = false;
      }
      return s + ")";
    }
  }
  return "?";
}

}  // namespace rill::conformance
