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

TEST_CASE("PyYAML flow colons get a space; everything else is untouched") {
  CHECK(space_flow_colons("- {window: [1, 14], values:[1, 2]}") ==
        "- {window: [1, 14], values: [1, 2]}");
  CHECK(space_flow_colons("key:value\n") == "key:value\n");  // block context: untouched
  CHECK(space_flow_colons("{a: 'x:y', b: \"p:q\"}") == "{a: 'x:y', b: \"p:q\"}");
  CHECK(space_flow_colons("{a: 1} # c:d {e:f}\n") == "{a: 1} # c:d {e:f}\n");
  CHECK(space_flow_colons("{a: 'it''s:x', b:[1]}") == "{a: 'it''s:x', b: [1]}");
}
