// CsvSplitter, CsvQuoteScanner and append_csv_field: RFC 4180 quoting, read and written.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "io/formats/csv_parser.hpp"

using rill::io::append_csv_field;
using rill::io::csv_record_open;
using rill::io::CsvQuoteScanner;
using rill::io::CsvSplitter;

namespace {

std::vector<std::string> texts(CsvSplitter& s, std::string_view record) {
  std::vector<std::string> out;
  for (const auto& f : s.split(record)) out.emplace_back(f.text);
  return out;
}

std::string error_of(CsvSplitter& s, std::string_view record) {
  try {
    s.split(record);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("unquoted fields, empty ones included") {
  CsvSplitter s;
  CHECK(texts(s, "a,b,c") == V{"a", "b", "c"});
  CHECK(texts(s, "a,,c") == V{"a", "", "c"});
  CHECK(texts(s, "a,b,") == V{"a", "b", ""});
  CHECK(texts(s, ",") == V{"", ""});
  CHECK(texts(s, "") == V{""});
  CHECK(texts(s, " a , b ") == V{" a ", " b "});  // spaces are part of the field
  CHECK(texts(s, "x\"y,z") == V{"x\"y", "z"});    // a bare quote mid-field is text
}

TEST_CASE("quoted fields: delimiters, doubled quotes, line breaks") {
  CsvSplitter s;
  CHECK(texts(s, "\"a,b\",c") == V{"a,b", "c"});
  CHECK(texts(s, "\"say \"\"hi\"\"\",x") == V{"say \"hi\"", "x"});
  CHECK(texts(s, "\"\"\"\"") == V{"\""});
  CHECK(texts(s, "\"line 1\nline 2\",\"a\r\nb\"") == V{"line 1\nline 2", "a\r\nb"});
  CHECK(texts(s, "\"\",x") == V{"", "x"});
  CHECK(texts(s, "a,\"\"") == V{"a", ""});
  // Several unescaped fields in one record: each view stays valid.
  CHECK(texts(s, "\"a\"\"1\",\"b\"\"2\",\"c\"\"3\"") == V{"a\"1", "b\"2", "c\"3"});
  const auto& f = s.split("\"\",,\"x\"");
  REQUIRE(f.size() == 3);
  CHECK(f[0].quoted);
  CHECK(!f[1].quoted);
  CHECK(f[2].quoted);
}

TEST_CASE("bad quoting names the field") {
  CsvSplitter s;
  CHECK(error_of(s, "a,\"open") == "field 2: a quoted field is not closed");
  CHECK(error_of(s, "\"a\"\"") == "field 1: a quoted field is not closed");
  CHECK(error_of(s, "a,\"b\"c,d") == "field 2: text after the closing quote");
  CHECK(error_of(s, "\"b\" ,d") == "field 1: text after the closing quote");
}

TEST_CASE("other delimiters") {
  CsvSplitter semi(';');
  CHECK(texts(semi, "a;\"b;c\";d,e") == V{"a", "b;c", "d,e"});
  CsvSplitter tab('\t');
  CHECK(texts(tab, "a\tb c\t") == V{"a", "b c", ""});
  CHECK_THROWS_AS(CsvSplitter('"'), std::invalid_argument);
  CHECK_THROWS_AS(CsvSplitter('\n'), std::invalid_argument);
}

TEST_CASE("a record open at the end of a line continues on the next") {
  CHECK(!csv_record_open("a,b", ','));
  CHECK(csv_record_open("a,\"b", ','));
  CHECK(!csv_record_open("a,\"b\"", ','));
  CHECK(csv_record_open("a,\"b\"\"", ','));  // "" is a quote inside: still open
  CHECK(!csv_record_open("a,x\"b", ','));    // a bare quote opens nothing
  CHECK(csv_record_open("a;\"b", ';'));
  CHECK(!csv_record_open("a,\"b", ';'));  // the quote is not at a field's start

  CsvQuoteScanner sc(',');
  sc.feed("1,\"first");
  CHECK(sc.open());
  sc.feed("\n");
  sc.feed("second\"\"");
  CHECK(sc.open());
  sc.feed("\n");
  sc.feed("\",3");
  CHECK(!sc.open());
  CsvSplitter s;
  CHECK(texts(s, "1,\"first\nsecond\"\"\n\",3") == V{"1", "first\nsecond\"\n", "3"});
}

TEST_CASE("written fields read back the same, whatever they hold") {
  std::mt19937 rng(7);
  const std::string alphabet = "ab ,;\"\n\r";
  for (char delim : {',', ';'}) {
    CsvSplitter s(delim);
    for (int round = 0; round < 2000; ++round) {
      V fields(1 + rng() % 4);
      for (auto& f : fields)
        for (size_t n = rng() % 6; n > 0; --n) f += alphabet[rng() % alphabet.size()];
      std::string record;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) record += delim;
        append_csv_field(record, fields[i], delim);
      }
      CAPTURE(record);
      CHECK(texts(s, record) == fields);
      CHECK(!csv_record_open(record, delim));
    }
  }
  std::string out;
  append_csv_field(out, "plain", ',');
  append_csv_field(out, "", ',', true);
  append_csv_field(out, "a \"b\"", ',');
  CHECK(out == "plain\"\"\"a \"\"b\"\"\"");
}
