// CsvSchema and CsvDecoder: typed columns, header mapping, formatting, and the reasons given
// for records that cannot be read.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "io/formats/csv_decoder.hpp"

using namespace rill::io;

namespace {

struct Row {
  std::string name;
  int64_t count = 0;
  double price = 0;
  bool active = false;
  std::optional<std::string> note;
  std::optional<int32_t> small;
  friend bool operator==(const Row&, const Row&) = default;
};

CsvSchema<Row> schema() {
  return CsvSchema<Row>{}
      .column("name", &Row::name)
      .column("count", &Row::count)
      .column("price", &Row::price)
      .column("active", &Row::active)
      .column("note", &Row::note)
      .column("small", &Row::small);
}

std::string reason(CsvDecoder<Row>& d, std::string_view record) {
  try {
    d.decode(record);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("typed columns") {
  CsvDecoder<Row> d(schema(), ',');
  Row r = d.decode("\"Smith, J\",42,2.5,true,hello,-7");
  CHECK(r.name == "Smith, J");
  CHECK(r.count == 42);
  CHECK(r.price == 2.5);
  CHECK(r.active);
  CHECK(r.note == "hello");
  CHECK(r.small == -7);

  r = d.decode("x, -3 ,1e3,FALSE,,");
  CHECK(r.count == -3);  // spaces around numbers are allowed
  CHECK(r.price == 1000);
  CHECK(!r.active);
  CHECK(!r.note);  // empty unquoted: absent
  CHECK(!r.small);

  r = d.decode(",0,-0.125,1,\"\",0");
  CHECK(r.name.empty());
  CHECK(r.note == "");  // quoted "": present and empty
  CHECK(r.active);
  CHECK(r.small == 0);
}

TEST_CASE("conversion errors say the column, the field and the text") {
  CsvDecoder<Row> d(schema(), ',');
  CHECK(reason(d, "a,1,2") == "expected 6 fields (name,count,price,active,note,small), got 3");
  CHECK(reason(d, "a,x1,2,true,,") == "column 'count' (field 2): 'x1' is not an integer");
  CHECK(reason(d, "a,1.5,2,true,,") == "column 'count' (field 2): '1.5' is not an integer");
  CHECK(reason(d, "a,,2,true,,") == "column 'count' (field 2): empty");
  CHECK(reason(d, "a,99999999999999999999,2,true,,") ==
        "column 'count' (field 2): '99999999999999999999' is out of range");
  CHECK(reason(d, "a,1,cheap,true,,") == "column 'price' (field 3): 'cheap' is not a number");
  CHECK(reason(d, "a,1,2,yes,,") ==
        "column 'active' (field 4): 'yes' is not a boolean (true or false)");
  CHECK(reason(d, "a,1,2,true,,3000000000") ==
        "column 'small' (field 6): '3000000000' is out of range");
  CHECK(reason(d, "a,1,2,true,\"x\"y,") == "field 5: text after the closing quote");
}

TEST_CASE("format writes what decode reads back, quoting only where needed") {
  const auto s = schema();
  CHECK(s.header() == "name,count,price,active,note,small");
  CHECK(s.header(';') == "name;count;price;active;note;small");
  Row r{"Smith, \"J\"", -9, 0.1, true, std::string(""), std::nullopt};
  CHECK(s.format(r) == "\"Smith, \"\"J\"\"\",-9,0.1,true,\"\",");
  CsvDecoder<Row> d(s, ',');
  CHECK(d.decode(s.format(r)) == r);

  const double doubles[] = {0.1,  1.0 / 3, 1e300,
                            -0.0, 5e-324,  std::numeric_limits<double>::infinity()};
  for (double v : doubles) {
    Row x{"line\nbreak", std::numeric_limits<int64_t>::min(), v, false,
          std::nullopt,  std::numeric_limits<int32_t>::max()};
    CAPTURE(s.format(x));
    CHECK(d.decode(s.format(x)) == x);
  }
  CsvDecoder<Row> semi(s, ';');
  Row y{"a;b,c", 1, 2, false, std::string("n;"), 3};
  CHECK(s.format(y, ';') == "\"a;b,c\";1;2;false;\"n;\";3");
  CHECK(semi.decode(s.format(y, ';')) == y);
}

TEST_CASE("ignored columns are read past and written empty") {
  auto s = CsvSchema<Row>{}.column("name", &Row::name).ignore("junk").column("count", &Row::count);
  CsvDecoder<Row> d(s, ',');
  Row r = d.decode("a,whatever \"x\",5");
  CHECK(r.name == "a");
  CHECK(r.count == 5);
  CHECK(s.format(r) == "a,,5");
}

TEST_CASE("a header maps columns by name") {
  CsvDecoder<Row> d(schema(), ',');
  CHECK(d.is_header("name,count,price,active,note,small"));
  CHECK(!d.is_header("name,count,price,active,note"));
  CHECK(!d.is_header("x,1,2,true,,"));

  auto map = d.map_columns("extra,small,price,count,name,active");  // no "note": optional
  REQUIRE(map.error.empty());
  Row r = d.decode("zz,4,1.5,10,bob,false", map);
  CHECK(r == Row{"bob", 10, 1.5, false, std::nullopt, 4});
  try {
    d.decode("zz,4,1.5,10,bob", map);
    FAIL("decoded a record with too few fields");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "expected 6 fields as in the header, got 5");
  }

  CHECK(d.map_columns("name,price,active").error == "bad header: the header has no column 'count'");
  CHECK(d.map_columns("name,count,price,active,count").error ==
        "bad header: the header names column 'count' twice");
  const auto bad = d.map_columns("name,\"count");
  CHECK(bad.error == "bad header: field 2: a quoted field is not closed");
  CHECK_THROWS_WITH_AS(d.decode("a,1,2,true,,", bad),
                       "bad header: field 2: a quoted field is not closed", std::invalid_argument);
}
