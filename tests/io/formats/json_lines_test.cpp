// JsonSchema: JSON objects into structs and back, and the reasons given for lines that
// cannot be read.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "io/formats/json_schema.hpp"

using namespace rill::io;

namespace {

struct Address {
  std::string city;
  std::optional<std::string> zip;
  friend bool operator==(const Address&, const Address&) = default;
};

struct Person {
  int64_t id = 0;
  std::string name;
  double score = 0;
  bool active = false;
  std::optional<int32_t> age;
  std::optional<Address> address;
  Address home;
  friend bool operator==(const Person&, const Person&) = default;
};

JsonSchema<Person> schema() {
  auto address = JsonSchema<Address>{}.field("city", &Address::city).field("zip", &Address::zip);
  return JsonSchema<Person>{}
      .field("id", &Person::id)
      .field("name", &Person::name)
      .field("score", &Person::score)
      .field("active", &Person::active)
      .field("age", &Person::age)
      .field("address", &Person::address, address)
      .field("home", &Person::home, address);
}

std::string reason(std::string_view line) {
  try {
    schema().parse(line);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("fields of every kind, nested objects, optional ones absent or null") {
  const auto s = schema();
  Person p =
      s.parse(R"({"name":"Ann \"A\" \u00e9","id":7,"score":2,"active":true,"age":41,)"
              R"("address":{"city":"Oslo","zip":null},"home":{"city":"Bergen","zip":"5003"}})");
  CHECK(p.id == 7);
  CHECK(p.name == "Ann \"A\" \xc3\xa9");
  CHECK(p.score == 2.0);  // an integer is a number
  CHECK(p.active);
  CHECK(p.age == 41);
  CHECK(p.address == Address{"Oslo", std::nullopt});
  CHECK(p.home == Address{"Bergen", "5003"});

  p = s.parse(
      R"( {"id":-1,"name":"","score":-1.5e-3,"active":false,"age":null,"home":{"city":"X"}} )");
  CHECK(p.id == -1);
  CHECK(p.score == -1.5e-3);
  CHECK(!p.age);
  CHECK(!p.address);
  CHECK(p.home.city == "X");
}

TEST_CASE("keys the schema does not name are read past, whatever they hold") {
  Person p = schema().parse(
      R"({"x":[1,{"id":"no"},[[]]],"id":3,"y":{"name":{"deep":[true]}},"name":"n","score":1,)"
      R"("active":true,"z":null,"home":{"city":"c","more":[1,2]}})");
  CHECK(p.id == 3);
  CHECK(p.name == "n");
  CHECK(p.home.city == "c");
}

TEST_CASE("malformed lines: the reason") {
  const std::string ok_rest = R"("name":"n","score":1,"active":true,"home":{"city":"c"})";
  CHECK(reason(R"({"id":1,)" + ok_rest + "}") == "");
  CHECK(reason("").starts_with("not JSON: "));
  CHECK(reason("{\"id\":1,").starts_with("not JSON: parse error at line 1, column 9"));
  CHECK(reason(R"({"id":1,)" + ok_rest + "} x").starts_with("not JSON: "));
  CHECK(reason("\"\xff\"").starts_with("not JSON: "));
  CHECK(reason("[1,2]") == "expected a JSON object, got an array");
  CHECK(reason("42") == "expected a JSON object, got an integer");
  CHECK(reason("{" + ok_rest + "}") == "missing field 'id'");
  CHECK(reason(R"({"id":1,"name":"n","score":1,"active":true,"home":{"zip":"1"}})") ==
        "missing field 'home.city'");
  CHECK(reason(R"({"id":"1",)" + ok_rest + "}") == "field 'id': expected an integer, got a string");
  CHECK(reason(R"({"id":1.5,)" + ok_rest + "}") ==
        "field 'id': expected an integer, got a number with a fraction or an exponent");
  CHECK(reason(R"({"id":null,)" + ok_rest + "}") == "field 'id': expected an integer, got null");
  CHECK(reason(R"({"id":18446744073709551615,)" + ok_rest + "}") ==
        "field 'id': 18446744073709551615 is out of range");
  CHECK(reason(R"({"id":1,"age":3000000000,)" + ok_rest + "}") ==
        "field 'age': 3000000000 is out of range");
  CHECK(reason(R"({"id":1,"address":"Oslo",)" + ok_rest + "}") ==
        "field 'address': expected an object, got a string");
  CHECK(reason(R"({"id":1,"address":[],)" + ok_rest + "}") ==
        "field 'address': expected an object, got an array");
  CHECK(reason(R"({"id":1,"address":{"city":5},)" + ok_rest + "}") ==
        "field 'address.city': expected a string, got an integer");
  CHECK(reason(R"({"id":1,"active":"yes","name":"n","score":1,"home":{"city":"c"}})") ==
        "field 'active': expected a boolean, got a string");
}

TEST_CASE("format writes one line that parses back to the same value") {
  const auto s = schema();
  Person p{5,
           "tab\t\"quote\" \xe2\x82\xac\n",
           0.1,
           true,
           std::nullopt,
           Address{"Oslo", "0150"},
           Address{"", std::nullopt}};
  const std::string line = s.format(p);
  CHECK(line ==
        R"({"id":5,"name":"tab\t\"quote\" )"
        "\xe2\x82\xac"
        R"(\n","score":0.1,"active":true,"age":null,"address":{"city":"Oslo","zip":"0150"},)"
        R"("home":{"city":"","zip":null}})");
  CHECK(s.parse(line) == p);
  for (double v : {1e300, -0.0, 5e-324, 1.0 / 3, 123456789.0}) {
    Person q{std::numeric_limits<int64_t>::min(),
             "x",
             v,
             false,
             std::numeric_limits<int32_t>::min(),
             std::nullopt,
             Address{"c", "z"}};
    CAPTURE(s.format(q));
    CHECK(s.parse(s.format(q)) == q);
  }
  // JSON has no infinity: written null, which a required number does not take.
  Person inf{1, "x", std::numeric_limits<double>::infinity(), false, {}, {}, {}};
  CHECK(s.format(inf).find("\"score\":null") != std::string::npos);
}
