#include "conformance/expression.hpp"

#include <doctest/doctest.h>

#include "conformance/pyyaml_compat.hpp"

using namespace rill::conformance;

TEST_CASE("parses names, calls, integers and lists") {
  Expr e = parse_expression("  AfterWatermark( early = AfterCount(2) , late=Repeatedly(Always) ) ");
  CHECK(e.kind == Expr::Kind::kCall);
  CHECK(e.name == "AfterWatermark");
  CHECK(e.args.empty());
  REQUIRE(e.kwargs.size() == 2);
  CHECK(e.kwargs[0].first == "early");
  CHECK(e.kwargs[0].second.name == "AfterCount");
  CHECK(e.kwargs[0].second.args.at(0).integer == 2);
  CHECK(e.kwargs[1].second.args.at(0).kind == Expr::Kind::kName);
  CHECK(e.to_string() == "AfterWatermark(early=AfterCount(2), late=Repeatedly(Always))");

  CHECK(parse_expression("Default").kind == Expr::Kind::kName);
  CHECK(parse_expression("Default()").kind == Expr::Kind::kCall);
  CHECK(parse_expression("-17").integer == -17);
  CHECK(parse_expression("+5").integer == 5);
  Expr list = parse_expression("[1, -2, 3]");
  REQUIRE(list.kind == Expr::Kind::kList);
  CHECK(list.args.size() == 3);
  CHECK(list.args[1].integer == -2);
  CHECK(parse_expression("[]").args.empty());
  CHECK(parse_expression("FixedWindows(10, offset=3)").args.size() == 1);
}

TEST_CASE("rejects malformed expressions with a position") {
  CHECK_THROWS_WITH_AS(parse_expression("FixedWindows(10"), doctest::Contains("expected ')'"),
                       ExpressionError);
  CHECK_THROWS_AS(parse_expression(""), ExpressionError);
  CHECK_THROWS_AS(parse_expression("A(1,)"), ExpressionError);
  CHECK_THROWS_AS(parse_expression("A(x=1, 2)"), ExpressionError);  // positional after keyword
  CHECK_THROWS_AS(parse_expression("A(x=1, x=2)"), ExpressionError);
  CHECK_THROWS_AS(parse_expression("A) "), ExpressionError);
  CHECK_THROWS_WITH_AS(parse_expression("FixedWindows(99999999999999999999)"),
                       doctest::Contains("out of range"), ExpressionError);
  CHECK_THROWS_AS(parse_expression("'quoted'"), ExpressionError);
}

TEST_CASE("nesting is limited, with an error naming the limit and a shortened quote") {
  auto nested = [](int levels) {
    return "Repeatedly(" + std::string(levels - 2, '[') + "1" + std::string(levels - 2, ']') + ")";
  };
  auto calls = [](int levels) {
    std::string s;
    for (int i = 0; i < levels; ++i) s += "F(";
    return s + std::string(levels, ')');
  };
  CHECK(parse_expression(nested(kMaxExpressionDepth + 1)).kind == Expr::Kind::kCall);
  CHECK(parse_expression(calls(kMaxExpressionDepth)).kind == Expr::Kind::kCall);
  const std::string limit = "nested deeper than " + std::to_string(kMaxExpressionDepth) + " levels";
  CHECK_THROWS_WITH_AS(parse_expression(nested(kMaxExpressionDepth + 2)),
                       doctest::Contains(limit.c_str()), ExpressionError);
  CHECK_THROWS_WITH_AS(parse_expression(calls(kMaxExpressionDepth + 1)),
                       doctest::Contains(limit.c_str()), ExpressionError);
  try {
    parse_expression(nested(30000));
    FAIL("no error");
  } catch (const ExpressionError& e) {
    const std::string what = e.what();
    CHECK(what.size() < 200);
    CHECK(what.find("... (60009 characters)': lists and calls " + limit + " at position 266") !=
          std::string::npos);
  }
}

TEST_CASE("PyYAML flow colons get a space; everything else is untouched") {
  CHECK(space_flow_colons("- {window: [1, 14], values:[1, 2]}") ==
        "- {window: [1, 14], values: [1, 2]}");
  CHECK(space_flow_colons("key:value\n") == "key:value\n");  // block context: untouched
  CHECK(space_flow_colons("{a: 'x:y', b: \"p:q\"}") == "{a: 'x:y', b: \"p:q\"}");
  CHECK(space_flow_colons("{a: 1} # c:d {e:f}\n") == "{a: 1} # c:d {e:f}\n");
  CHECK(space_flow_colons("{a: 'it''s:x', b:[1]}") == "{a: 'it''s:x', b: [1]}");
}
