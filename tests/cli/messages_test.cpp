// Clean messages: one line on stderr naming what is wrong (which option, which file), the
// right exit status, and dead letters that stay valid JSON whatever bytes they hold.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/cli_run.hpp"

using namespace cli_test;

namespace {

size_t lines_in(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_CASE("usage errors are one line on stderr; usage text only for --help") {
  TempDir t;
  auto r = rill("", t.path);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "rill: missing command (see 'rill --help')\n");
  r = rill("frobnicate", t.path);
  CHECK(r.status == 2);
  CHECK(r.err == "rill: unknown command 'frobnicate' (see 'rill --help')\n");
  r = rill("--help", t.path);
  CHECK(r.status == 0);
  CHECK(r.out.find("usage: rill run TEMPLATE") == 0);
  CHECK(r.err.empty());
}

TEST_CASE("runner options are named as options, not as a template") {
  TempDir t;
  write_file(t.path / "in.txt", "a\n");
  auto r = rill("run wordcount --input=" + (t.path / "in.txt").string() +
                    " --output=" + (t.path / "o").string() + " --workers=zero",
                t.path);
  CHECK(r.status == 2);
  CHECK(r.err == "rill: --workers=zero is not an integer in [1, 256]\n");
}

TEST_CASE("a directory or a FIFO given as --input says what it is") {
  TempDir t;
  fs::create_directories(t.path / "dir");
  auto r = rill(
      "run wordcount --input=" + (t.path / "dir").string() + " --output=" + (t.path / "o").string(),
      t.path);
  CHECK(r.status == 2);
  CHECK(r.err == "rill: '" + (t.path / "dir").string() +
                     "' is a directory: give a file, or a glob such as '" +
                     (t.path / "dir").string() + "/*'\n");
  REQUIRE(::mkfifo((t.path / "fifo").c_str(), 0600) == 0);
  r = rill("run wordcount --input=" + (t.path / "fifo").string() +
               " --output=" + (t.path / "o").string(),
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("' is not a regular file (a FIFO, socket or device)") != std::string::npos);
  CHECK(lines_in(r.err) == 1);
}

TEST_CASE("a gzip file is called truncated only when it may be; garbage after it is corrupt") {
  TempDir t;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "some words on line " + std::to_string(i) + "\n";
  uLongf size = compressBound(static_cast<uLong>(text.size())) + 64;
  std::string gz(size, '\0');
  {
    gzFile f = gzopen((t.path / "good.gz").c_str(), "wb");
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    gz = slurp(t.path / "good.gz");
  }
  write_file(t.path / "tail.gz", gz + "x");
  auto r = rill("run wordcount --input=" + (t.path / "tail.gz").string() +
                    " --output=" + (t.path / "o").string(),
                t.path);
  CHECK(r.status == 1);
  CHECK(r.err.find("corrupt gzip file '" + (t.path / "tail.gz").string() +
                   "': zlib Z_DATA_ERROR (1 byte(s) after the end of its last member are not "
                   "gzip data)") != std::string::npos);
  write_file(t.path / "cut.gz", gz.substr(0, gz.size() / 2));
  r = rill("run wordcount --input=" + (t.path / "cut.gz").string() +
               " --output=" + (t.path / "o").string(),
           t.path);
  CHECK(r.status == 1);
  CHECK(r.err.find("truncated or corrupt gzip file") != std::string::npos);
  CHECK(lines_in(r.err) == 1);
}

TEST_CASE("dead letters are valid JSON lines whatever bytes the bad records hold") {
  TempDir t;
  const std::string bad = "bad\xff\xfe,record \xc3(\x80\n";
  write_file(t.path / "in.csv", "u1,t1,5,1000,x\n" + bad + "\"quoted\\,\t\x01\n");
  auto r = rill("run user-score --input=" + (t.path / "in.csv").string() + " --output=" +
                    (t.path / "o/s").string() + " --dead-letter=" + (t.path / "o/dead").string(),
                t.path);
  REQUIRE(r.status == 0);
  std::istringstream dead(slurp(t.path / "o/dead"));
  std::string line;
  int n = 0;
  bool saw_bytes = false;
  while (std::getline(dead, line)) {
    ++n;
    const auto j = nlohmann::json::parse(line);  // throws if it is not JSON (invalid UTF-8 too)
    CHECK(j.at("step").get<std::string>().find("Parse") != std::string::npos);
    if (j.contains("record_base64")) {
      saw_bytes = true;
      CHECK(j.at("record_base64") == "YmFk//4scmVjb3JkIMMogA==");
    }
  }
  CHECK(n == 2);
  CHECK(saw_bytes);
}

TEST_CASE("--dump-config prints the configuration and runs nothing") {
  TempDir t;
  write_file(t.path / "in.txt", "a b\n");
  auto r = rill("run wordcount --input=" + (t.path / "in.txt").string() +
                    " --output=" + (t.path / "out/c").string() + " --dump-config",
                t.path);
  CHECK(r.status == 0);
  CHECK(r.out.find("middleman {") != std::string::npos);
  CHECK(r.out.find("job DONE") == std::string::npos);
  CHECK_FALSE(fs::exists(t.path / "out"));
}
