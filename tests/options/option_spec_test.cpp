// Declared options: each type's values, bounds, regexes and the messages that name them.
#include <doctest/doctest.h>

#include <string>

#include "options/option_spec.hpp"
#include "options/option_values.hpp"
#include "options/usage_error.hpp"

using namespace rill;

namespace {

// The message check() throws for `text`, or "" when the value is accepted.
std::string refusal(const OptionSpec& s, const std::string& text) {
  try {
    s.check(text);
    return "";
  } catch (const UsageError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("int64: whole numbers within the bounds") {
  const auto s = option<int64_t>("min-count", 5, "help").between(1, 100);
  CHECK(refusal(s, "1") == "");
  CHECK(refusal(s, "100") == "");
  CHECK(refusal(s, "0") == "--min-count=0 is not an integer in [1, 100]");
  CHECK(refusal(s, "101") == "--min-count=101 is not an integer in [1, 100]");
  CHECK(refusal(s, "7x") == "--min-count=7x is not an integer in [1, 100]");
  CHECK(refusal(s, "") == "--min-count= is not an integer in [1, 100]");
  CHECK(refusal(s, "99999999999999999999") != "");
  CHECK(refusal(option<int64_t>("n", "help").at_least(0), "-1") == "--n=-1 is not an integer >= 0");
  CHECK(refusal(option<int64_t>("n", "help"), "-12") == "");
}

TEST_CASE("double, bool, duration and bytes") {
  const auto ratio = option<double>("ratio", 0.5, "help").between(0.0, 1.0);
  CHECK(refusal(ratio, "0.25") == "");
  CHECK(refusal(ratio, "1e-3") == "");
  CHECK(refusal(ratio, "1.5") == "--ratio=1.5 is not a number in [0.0, 1.0]");
  CHECK(refusal(ratio, "half") != "");
  CHECK(refusal(ratio, "nan") != "");
  CHECK(refusal(ratio, " 0.5") != "");

  const auto verbose = option<bool>("verbose", false, "help");
  REQUIRE(verbose.implicit());
  CHECK(*verbose.implicit() == "true");
  for (const char* ok : {"true", "false", "1", "0", "yes", "no"}) CHECK(refusal(verbose, ok) == "");
  CHECK(refusal(verbose, "maybe") == "--verbose=maybe is not true or false");

  const auto gap = option<std::chrono::milliseconds>("gap", std::chrono::minutes(10), "help");
  CHECK(*gap.default_text() == "10m");
  CHECK(parse_duration_ms("250") == 250);
  CHECK(parse_duration_ms("250ms") == 250);
  CHECK(parse_duration_ms("3s") == 3000);
  CHECK(parse_duration_ms("5m") == 300000);
  CHECK(parse_duration_ms("2h") == 7200000);
  CHECK_FALSE(parse_duration_ms("5 m"));
  CHECK_FALSE(parse_duration_ms("5d"));
  CHECK_FALSE(parse_duration_ms("9223372036854775807h"));
  CHECK(refusal(gap, "5x") == "--gap=5x is not a duration (e.g. 500ms, 10s, 5m, 2h)");
  const auto bounded =
      option<std::chrono::milliseconds>("tick", "help").between(int64_t{1000}, int64_t{60000});
  CHECK(refusal(bounded, "500ms") ==
        "--tick=500ms is not a duration in [1s, 1m] (e.g. 500ms, 10s, 5m, 2h)");
  CHECK(refusal(bounded, "30s") == "");

  CHECK(parse_bytes("64M") == int64_t{64} << 20);
  CHECK(parse_bytes("3K") == 3072);
  CHECK(parse_bytes("17") == 17);
  CHECK_FALSE(parse_bytes("12Q"));
  CHECK_FALSE(parse_bytes("-1"));
  CHECK_FALSE(parse_bytes("9223372036854775807G"));
}

TEST_CASE("regexes must match the whole value; a bad regex or default is the program's mistake") {
  const auto mode = option<std::string>("case", "keep", "help").matching("keep|lower|upper");
  CHECK(refusal(mode, "lower") == "");
  CHECK(refusal(mode, "lowercase") == "--case=lowercase does not match 'keep|lower|upper'");
  CHECK(refusal(mode, "") != "");
  const auto two = option<std::string>("id", "help").matching("[a-z0-9]+").matching(".{3,8}");
  CHECK(refusal(two, "abc123") == "");
  CHECK(refusal(two, "ab") == "--id=ab does not match '.{3,8}'");
  CHECK(two.regexes().size() == 2);
  CHECK_THROWS_AS(option<std::string>("x", "help").matching("(unclosed"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(option<int64_t>("n", 0, "help").between(1, 10),
                       "the default of option --n is not valid: --n=0 is not an integer in [1, 10]",
                       std::invalid_argument);
  CHECK_THROWS_AS(option<std::string>("c", "title", "help").matching("keep|lower"),
                  std::invalid_argument);
  CHECK_THROWS_AS(option<std::string>("--x", "help"), std::invalid_argument);
  CHECK_THROWS_AS(option<std::string>("a=b", "help"), std::invalid_argument);
}

TEST_CASE("OptionValues: typed values, defaults, what was given") {
  std::vector<OptionSpec> specs = {
      option<std::string>("input", "help").required(),
      option<int64_t>("min-count", 5, "help"),
      option<double>("ratio", 0.5, "help"),
      option<bool>("verbose", false, "help"),
      option<std::chrono::milliseconds>("gap", std::chrono::seconds(30), "help"),
      option<std::string>("label", "help"),
      OptionSpec("buffer", OptionType::kBytes, "help", "1K"),
  };
  const OptionValues v(specs, {{"input", "in.txt"}, {"ratio", "0.75"}, {"verbose", "true"}});
  CHECK(v.get<std::string>("input") == "in.txt");
  CHECK(v.get<int64_t>("min-count") == 5);
  CHECK(v.get<int>("min-count") == 5);
  CHECK(v.get<double>("ratio") == 0.75);
  CHECK(v.get<bool>("verbose"));
  CHECK(v.get<std::chrono::milliseconds>("gap") == std::chrono::seconds(30));
  CHECK(v.get<std::chrono::seconds>("gap").count() == 30);
  CHECK(v.get<int64_t>("buffer") == 1024);
  CHECK(v.given("input"));
  CHECK_FALSE(v.given("min-count"));
  CHECK(v.has("min-count"));
  CHECK_FALSE(v.has("label"));
  CHECK(v.get_or<std::string>("label", "none") == "none");
  CHECK(v.texts().at("gap") == "30s");
  CHECK_THROWS_WITH_AS(v.get<std::string>("label"),
                       "option --label was not given and has no default", std::invalid_argument);
  CHECK_THROWS_WITH_AS(v.get<int64_t>("nosuch"), "no option --nosuch is declared",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(v.get<double>("min-count"),
                       "option --min-count is of type int64, not double", std::invalid_argument);
}
