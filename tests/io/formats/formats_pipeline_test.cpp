// CSV and JSON lines through the runner with real files, at parallelism 1 and 3: round trips
// (format -> WriteToText -> read -> parse gives the input back), headers, dead letters.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "io/collect.hpp"
#include "io/formats/csv_format.hpp"
#include "io/formats/json_lines.hpp"
#include "io/formats/read_csv.hpp"
#include "io/testing/compare_under_faults.hpp"
#include "rill.hpp"
#include "tests/io/test_files.hpp"

using namespace rill;
using rill::io::text::testing::read_file;
using rill::io::text::testing::TempDir;
using rill::io::text::testing::write_file;

namespace {

struct Bid {
  int64_t auction = 0;
  std::string bidder;
  double price = 0;
  std::optional<std::string> note;
  bool won = false;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(auction, bidder, price, note, won);
  }
  friend bool operator==(const Bid&, const Bid&) = default;
  friend auto operator<=>(const Bid&, const Bid&) = default;
};

io::CsvSchema<Bid> bid_csv() {
  return io::CsvSchema<Bid>{}
      .column("auction", &Bid::auction)
      .column("bidder", &Bid::bidder)
      .column("price", &Bid::price)
      .column("note", &Bid::note)
      .column("won", &Bid::won);
}

io::JsonSchema<Bid> bid_json() {
  return io::JsonSchema<Bid>{}
      .field("auction", &Bid::auction)
      .field("bidder", &Bid::bidder)
      .field("price", &Bid::price)
      .field("note", &Bid::note)
      .field("won", &Bid::won);
}

// Bids with the text CSV must quote: delimiters, quotes, line breaks, empty and absent notes.
std::vector<Bid> bids(bool with_line_breaks) {
  const char* bidders[] = {"ann", "Smith, J", "say \"hi\"", "", "\xc3\xa9mile"};
  std::vector<Bid> out;
  for (int64_t i = 0; i < 300; ++i) {
    Bid b{i, bidders[i % 5], static_cast<double>(i) / 7, std::nullopt, i % 3 == 0};
    if (i % 4 == 1) b.note = "";
    if (i % 4 == 2) b.note = "n" + std::to_string(i);
    if (with_line_breaks && i % 10 == 3) b.note = "two\nlines, \"quoted\"";
    out.push_back(b);
  }
  return out;
}

PipelineOptions opts(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.batch_size = 16;
  return o;
}

template <class T>
std::vector<T> sorted(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(read_file(path));
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("CSV round trip: FormatCsv -> WriteToText with a header -> ReadCsv or ParseCsv") {
  for (int p : {1, 3}) {
    CAPTURE(p);
    TempDir dir;
    const auto input = bids(true);
    const std::string header = bid_csv().header();
    {
      Pipeline pipe{opts(p)};
      pipe | Create("In", input) | io::FormatCsv("Format", bid_csv()) |
          io::WriteToText("Write", dir.file("out/bids"), 3, ".csv").with_header(header);
      const auto r = pipe.run();
      REQUIRE_MESSAGE(r.ok(), r.summary());
      REQUIRE(r.outputs.size() == 3);
      for (const auto& f : r.outputs) {  // the header once, first, in every shard
        const auto lines = lines_of(f);
        REQUIRE(!lines.empty());
        CHECK(lines[0] == header);
        CHECK(std::count(lines.begin(), lines.end(), header) == 1);
      }
    }
    {  // ReadCsv: header by name, quoted line breaks joined.
      Pipeline pipe{opts(p)};
      auto [read, dead] = pipe | io::ReadCsv("Read", dir.file("out/bids-*.csv"), bid_csv());
      auto got = read | io::Collect("Got");
      auto bad = dead | io::Collect("Bad");
      const auto r = pipe.run();
      REQUIRE_MESSAGE(r.ok(), r.summary());
      CHECK(bad->values().empty());
      CHECK(sorted(got->values()) == sorted(input));
    }
    {  // ReadFromText | ParseCsv: headers skipped in every file; a quoted line break cannot be
       // read line by line: both halves are dead letters, the first saying why.
      Pipeline pipe{opts(p)};
      auto [read, dead] = pipe | io::ReadFromText("Lines", dir.file("out/bids-*.csv")) |
                          io::ParseCsv("Parse", bid_csv(), {.header = io::CsvHeader::kSkip});
      auto got = read | io::Collect("Got");
      auto bad = dead | io::Collect("Bad");
      const auto r = pipe.run();
      REQUIRE_MESSAGE(r.ok(), r.summary());
      std::vector<Bid> one_line;
      for (const auto& b : input)
        if (!b.note || b.note->find('\n') == std::string::npos) one_line.push_back(b);
      CHECK(sorted(got->values()) == sorted(one_line));
      const auto letters = bad->values();
      const size_t broken = input.size() - one_line.size();
      CHECK(letters.size() == 2 * broken);
      size_t hinted = 0;
      for (const auto& d : letters) {
        CHECK(d.step == "Parse");
        hinted += d.error.find("read such files with rill::io::ReadCsv") != std::string::npos;
      }
      CHECK(hinted == broken);
      REQUIRE(r.step("Parse"));
      CHECK(r.step("Parse")->malformed == static_cast<int64_t>(2 * broken));
    }
  }
}

TEST_CASE("ReadCsv: each file's header, malformed records to dead letters with file and line") {
  for (int p : {1, 3}) {
    CAPTURE(p);
    TempDir dir;
    write_file(dir.file("in/a.csv"),
               "auction,bidder,price,note,won\n"
               "1,ann,1.5,,true\n"
               "2,bob,notanumber,,false\n"
               "3,cy,2\n"
               "4,\"d,q\",3.25,\"multi\n"
               "line\",false\n");
    // Another order, an extra column, no "note" (optional), CRLF line ends.
    write_file(dir.file("in/b.csv"),
               "extra,won,price,bidder,auction\r\n"
               "x,false,9,eve,5\r\n"
               "y,maybe,1,fay,6\r\n");
    write_file(dir.file("in/c.csv"), "auction,bidder\n7,gus\n8,hal\n");  // no price column
    write_file(dir.file("in/d.csv"), "auction,bidder,price,note,won\n9,\"ivy,1,,true\n");
    Pipeline pipe{opts(p)};
    auto [read, dead] = pipe | io::ReadCsv("ReadBids", dir.file("in/*.csv"), bid_csv());
    auto got = read | io::Collect("Got");
    auto bad = dead | io::Collect("Bad");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    CHECK(sorted(got->values()) == std::vector<Bid>{{1, "ann", 1.5, std::nullopt, true},
                                                    {4, "d,q", 3.25, "multi\nline", false},
                                                    {5, "eve", 9, std::nullopt, false}});
    std::vector<std::string> letters;
    for (const auto& d : bad->values()) {
      CHECK(d.step == "ReadBids");
      letters.push_back(d.error + " | " + d.record);
    }
    const std::string a = dir.file("in/a.csv"), b = dir.file("in/b.csv"), c = dir.file("in/c.csv"),
                      d = dir.file("in/d.csv");
    CHECK(sorted(letters) ==
          sorted(std::vector<std::string>{
              a + ":3: column 'price' (field 3): 'notanumber' is not a number | "
                  "2,bob,notanumber,,false",
              a + ":4: expected 5 fields as in the header, got 3 | 3,cy,2",
              b + ":3: column 'won' (field 2): 'maybe' is not a boolean (true or false) | "
                  "y,maybe,1,fay,6",
              c + ":2: bad header: the header has no column 'price' | 7,gus",
              c + ":3: bad header: the header has no column 'price' | 8,hal",
              d + ":2: field 2: a quoted field is not closed | 9,\"ivy,1,,true",
          }));
    REQUIRE(r.step("ReadBids/Parse"));
    CHECK(r.step("ReadBids/Parse")->malformed == 6);
  }
}

TEST_CASE("ReadCsv without a header, another delimiter; fail_on_malformed fails the job") {
  TempDir dir;
  write_file(dir.file("in/a.txt"), "1;ann;1.5;;true\n2;\"b;c\";2;x;false\n");
  {
    Pipeline pipe{opts(3)};
    auto [read, dead] = pipe | io::ReadCsv("Read", dir.file("in/a.txt"), bid_csv(),
                                           {.delimiter = ';', .header = io::CsvHeader::kNone});
    auto got = read | io::Collect("Got");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    CHECK(sorted(got->values()) ==
          std::vector<Bid>{{1, "ann", 1.5, std::nullopt, true}, {2, "b;c", 2, "x", false}});
  }
  write_file(dir.file("in/a.txt"), "1,ann,1.5,,true\n2,bob,cheap,,false\n");
  for (bool read_csv : {true, false}) {
    Pipeline pipe{opts(1)};
    const io::CsvOptions o{.header = io::CsvHeader::kNone, .fail_on_malformed = true};
    auto [read, dead] = read_csv ? pipe | io::ReadCsv("Read", dir.file("in/a.txt"), bid_csv(), o)
                                 : pipe | io::ReadFromText("Lines", dir.file("in/a.txt")) |
                                       io::ParseCsv("Read", bid_csv(), o);
    read | io::Collect("Got");
    const auto r = pipe.run();
    CHECK(r.state == JobState::kFailed);
    CHECK(r.failed_step.find("Read") != std::string::npos);
    CHECK(r.error.find("column 'price' (field 3): 'cheap' is not a number") != std::string::npos);
    CHECK(r.error.find("2,bob,cheap,,false") != std::string::npos);
  }
}

TEST_CASE(
    "JSON lines round trip: FormatJsonLines -> WriteToText -> ReadFromText -> ParseJsonLines") {
  for (int p : {1, 3}) {
    CAPTURE(p);
    TempDir dir;
    const auto input = bids(true);
    {
      Pipeline pipe{opts(p)};
      pipe | Create("In", input) | io::FormatJsonLines("Format", bid_json()) |
          io::WriteToText("Write", dir.file("out/bids"), 0, ".jsonl");
      const auto r = pipe.run();
      REQUIRE_MESSAGE(r.ok(), r.summary());
    }
    Pipeline pipe{opts(p)};
    auto [read, dead] = pipe | io::ReadFromText("Read", dir.file("out/bids-*.jsonl")) |
                        io::ParseJsonLines("Parse", bid_json());
    auto got = read | io::Collect("Got");
    auto bad = dead | io::Collect("Bad");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    CHECK(bad->values().empty());
    CHECK(sorted(got->values()) == sorted(input));
  }
}

TEST_CASE("JSON lines: malformed lines to dead letters with the reason") {
  for (int p : {1, 3}) {
    CAPTURE(p);
    TempDir dir;
    write_file(dir.file("in/a.jsonl"), R"({"auction":1,"bidder":"ann","price":1.5,"won":true})"
                                       "\n"
                                       R"({"auction":2,"bidder":"bob","price":"cheap","won":false})"
                                       "\n"
                                       R"({"auction":3,"bidder":"cy","price":2})"
                                       "\n"
                                       "not json\n");
    write_file(dir.file("in/b.jsonl"),
               R"({"won":false,"note":"x","price":9,"bidder":"eve","auction":5,"more":[1]})"
               "\n"
               "[1,2]\n");
    Pipeline pipe{opts(p)};
    auto [read, dead] = pipe | io::ReadFromText("Read", dir.file("in/*.jsonl")) |
                        io::ParseJsonLines("Parse", bid_json());
    auto got = read | io::Collect("Got");
    auto bad = dead | io::Collect("Bad");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    CHECK(sorted(got->values()) ==
          std::vector<Bid>{{1, "ann", 1.5, std::nullopt, true}, {5, "eve", 9, "x", false}});
    std::vector<std::string> letters;
    for (const auto& d : bad->values())
      letters.push_back(d.step + " | " + d.error + " | " + d.record);
    std::sort(letters.begin(), letters.end());
    REQUIRE(letters.size() == 4);
    CHECK(letters[0] == "Parse | expected a JSON object, got an array | [1,2]");
    CHECK(
        letters[1] ==
        R"(Parse | field 'price': expected a number, got a string | {"auction":2,"bidder":"bob","price":"cheap","won":false})");
    CHECK(letters[2] == R"(Parse | missing field 'won' | {"auction":3,"bidder":"cy","price":2})");
    CHECK(letters[3].starts_with("Parse | not JSON: parse error at line 1, column 2"));
    CHECK(r.step("Parse")->malformed == 4);
  }
}

TEST_CASE("ReadCsv restored from a checkpoint mid-file: each record once, lines still right") {
  TempDir dir;
  for (int f = 0; f < 2; ++f) {
    std::string csv = "won,note,price,bidder,auction\n";
    for (int i = 0; i < 3000; ++i) {
      if (i % 500 == 7)
        csv += "true,,not a price,x," + std::to_string(i) + "\n";  // a dead letter
      else if (i % 10 == 3)
        csv += "false,\"two\nlines\",1.5,\"a,b\"," + std::to_string(i) + "\n";
      else
        csv += "true,,2.5,ann," + std::to_string(i) + "\n";
    }
    write_file(dir.file("in/bids-" + std::to_string(f) + ".csv"), csv);
  }
  PipelineOptions o = opts(3);
  o.checkpoint_dir = dir.file("ck");
  o.checkpoint_interval = 20;
  auto cmp = rill::testing::compare_under_faults(
      [&](Pipeline& p) {
        auto [bids, dead] = p | io::ReadCsv("ReadBids", dir.file("in/*.csv"), bid_csv());
        auto good = bids | io::FormatCsv("Format", bid_csv());
        auto bad = dead | Map("Where", [](const DeadLetter& d) { return d.error; });
        return std::vector<PCollection<std::string>>{good, bad} | Flatten("All");
      },
      o,
      rill::testing::FaultPlan::parse(
          "crash:step=ReadBids/Parse,after=2500;slow:step=ReadBids/Parse,us=300"));
  CHECK_MESSAGE(cmp.ok(), cmp.describe());
  CHECK(cmp.under_faults.checkpoints.restarts == 1);
  CHECK(cmp.fault_free_count == 6000);
  CHECK(cmp.under_faults.checkpoints.completed > 0);
  // The dead letters' reasons (FILE:LINE: ...) are part of the compared output: a restored
  // reader goes on counting lines where the checkpoint left it.
  CHECK(cmp.fault_free.step("ReadBids/Parse")->malformed == 12);
}

namespace readme {

// The README's example ("Formats: CSV and JSON lines"), with the paths under a test directory.
struct Bid {
  int64_t auction = 0;
  std::string bidder;
  double price = 0;
  std::optional<std::string> note;  // an empty field: nullopt ("" is an empty string)
  template <class A>
  void serialize(A& ar) {
    ar(auction, bidder, price, note);
  }
  friend auto operator<=>(const Bid&, const Bid&) = default;
};

}  // namespace readme

TEST_CASE("the README's formats example runs") {
  using readme::Bid;
  TempDir dir;
  write_file(dir.file("in/bids-1.csv"),
             "bidder,auction,price,note\nann,1,2.5,\nbob,2,cheap,\n\"Smith, J\",3,4,\"\"\n");
  write_file(dir.file("in/bids-1.jsonl"), R"({"auction":9,"bidder":"z","price":1})"
                                          "\n{\n");
  const auto csv = rill::io::CsvSchema<Bid>{}
                       .column("auction", &Bid::auction)
                       .column("bidder", &Bid::bidder)
                       .column("price", &Bid::price)
                       .column("note", &Bid::note);
  const auto json = rill::io::JsonSchema<Bid>{}
                        .field("auction", &Bid::auction)
                        .field("bidder", &Bid::bidder)
                        .field("price", &Bid::price)
                        .field("note", &Bid::note);

  rill::Pipeline p;
  auto [bids, bad] = p | rill::io::ReadCsv("ReadBids", dir.file("in/bids-*.csv"), csv);
  bids | rill::io::FormatJsonLines("ToJson", json) |
      rill::io::WriteToText("WriteJson", dir.file("out/bids"), 0, ".jsonl");
  bids | rill::io::FormatCsv("ToCsv", csv) |
      rill::io::WriteToText("WriteCsv", dir.file("out/copy"), 0, ".csv").with_header(csv.header());
  bad | rill::Map("AsJson", rill::to_json_line) |
      rill::io::WriteToFile("WriteBad", dir.file("out/bad.jsonl"));
  auto [again, bad_json] = p | rill::io::ReadFromText("ReadJson", dir.file("in/bids-*.jsonl")) |
                           rill::io::ParseJsonLines("ParseJson", json);
  auto again_out = again | io::Collect("Again");
  auto bad_json_out = bad_json | io::Collect("BadJson");
  const auto r = p.run();
  REQUIRE_MESSAGE(r.ok(), r.summary());
  std::vector<std::string> json_lines, csv_lines;
  const auto csv_files = std::count_if(r.outputs.begin(), r.outputs.end(),
                                       [](const std::string& f) { return f.ends_with(".csv"); });
  for (const auto& f : r.outputs) {
    for (auto& l : lines_of(f)) (f.ends_with(".csv") ? csv_lines : json_lines).push_back(l);
  }
  std::sort(json_lines.begin(), json_lines.end());
  CHECK(
      json_lines ==
      std::vector<std::string>{
          R"({"auction":1,"bidder":"ann","price":2.5,"note":null})",
          R"({"auction":3,"bidder":"Smith, J","price":4,"note":""})",
          R"({"step":"ReadBids","error":")" + dir.file("in/bids-1.csv") +
              R"(:3: column 'price' (field 3): 'cheap' is not a number","record":"bob,2,cheap,"})"});
  CHECK(csv_files >= 1);  // one header per shard
  CHECK(std::count(csv_lines.begin(), csv_lines.end(), "auction,bidder,price,note") == csv_files);
  CHECK(std::count(csv_lines.begin(), csv_lines.end(), "3,\"Smith, J\",4,\"\"") == 1);
  REQUIRE(again_out->values().size() == 1);
  CHECK(again_out->values()[0].bidder == "z");
  REQUIRE(bad_json_out->values().size() == 1);
  CHECK(bad_json_out->values()[0].record == "{");
}
