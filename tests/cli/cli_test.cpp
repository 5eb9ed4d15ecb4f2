// Runs the `rill` binary as a user would and checks exit codes, messages and output files.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <zlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "tests/cli/cli_run.hpp"

namespace fs = std::filesystem;
using namespace cli_test;

namespace {

void write_gz(const fs::path& p, const std::string& s) {
  gzFile f = gzopen(p.c_str(), "wb");
  REQUIRE(f != nullptr);
  gzwrite(f, s.data(), static_cast<unsigned>(s.size()));
  gzclose(f);
}

// An independent word count: std::regex over the same word rule.
std::map<std::string, long> expected_counts(const std::string& text) {
  std::map<std::string, long> m;
  std::regex word("[A-Za-z']+");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator();
       ++it)
    m[it->str()]++;
  return m;
}

std::map<std::string, long> read_output(const fs::path& dir, const std::string& prefix) {
  std::map<std::string, long> m;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix + "-", 0) != 0) continue;
    std::istringstream in(slurp(e.path()));
    std::string line;
    while (std::getline(in, line)) {
      auto colon = line.rfind(": ");
      REQUIRE(colon != std::string::npos);
      const std::string w = line.substr(0, colon);
      CHECK(m.count(w) == 0);
      m[w] = std::stol(line.substr(colon + 2));
    }
  }
  return m;
}

std::string sample_text(int lines) {
  std::string s;
  const std::array<const char*, 7> words = {"Don't", "don't", "it's", "the", "The", "x-ray", "a1b"};
  for (int i = 0; i < lines; ++i) {
    for (int k = 0; k <= i % 9; ++k) s += std::string(words[(i * 3 + k) % words.size()]) + " ,";
    s += (i % 5 == 0) ? "\r\n" : "\n";
  }
  return s;
}

}  // namespace

TEST_CASE("usage errors exit 2 with one clear line") {
  TempDir t;
  auto r = rill("", t.path);
  CHECK(r.status == 2);
  r = rill("run nosuch --input=x --output=y", t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("unknown template 'nosuch'") != std::string::npos);
  r = rill("run wordcount --output=" + (t.path / "o").string(), t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("missing required parameter --input") != std::string::npos);
  write_file(t.path / "in.txt", "a b\n");
  r = rill("run wordcount --input=" + (t.path / "in.txt").string() +
               " --output=" + (t.path / "o").string() + " --bogus=1",
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("has no parameter --bogus") != std::string::npos);
  r = rill("run wordcount --input=" + (t.path / "nothing*.txt").string() +
               " --output=" + (t.path / "o").string(),
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("no file matches") != std::string::npos);
  r = rill("run wordcount --input=" + (t.path / "in.txt").string() +
               " --output=" + (t.path / "o").string() + " --workers=zero",
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("--workers=zero") != std::string::npos);
  r = rill("run wordcount --input=" + (t.path / "in.txt").string() +
               " --output=" + (t.path / "o").string() + " --max-source-drift=-5",
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("--max-source-drift=-5") != std::string::npos);
}

TEST_CASE("a bad config file: one line naming the file, the line and the key; exit 2") {
  TempDir t;
  write_file(t.path / "in.txt", "a b\n");
  const std::string job = "run wordcount --input=" + (t.path / "in.txt").string() +
                          " --output=" + (t.path / "out" / "counts").string();
  struct Case {
    std::string text;
    std::string message;  // after "rill: config file 'FILE'"
  };
  const std::vector<Case> cases = {
      // CAF said `parser_error(unexpected_newline, {line 3, column 1})`.
      {"[rill]\ncoordinator-port=4242x\nworkers=2\n",
       ", line 2: rill.coordinator-port: syntax error at column 23 (unexpected newline)"},
      {"; a comment\n[rill]\nrole=worker\n",
       ", line 3: rill.role: syntax error at column 6 (unexpected character)"},
      {"[rill\nport=1\n", ", line 1: syntax error at column 6 (unexpected newline)"},
      // CAF dropped values of the wrong type without a word.
      {"[rill]\n\nport=\"abc\"\n",
       ", line 3: rill.port: expected a value of type int32, got \"abc\""},
      {"[rill]\nheartbeat-interval=5\n",
       ", line 2: rill.heartbeat-interval: expected a value of type timespan, got 5"},
      {"[rill]\nslots=2\ncolour=\"blue\"\n",
       ", line 3: rill.colour: unknown configuration key (see rill --help)"},
      // CAF multiplied hours into nanoseconds unchecked (found by fuzz_node_settings).
      {"[rill]\nheartbeat-interval=250ms\nconnection-timeout=4398046511103h\n",
       ", line 3: rill.connection-timeout: timespan 4398046511103h is out of range"},
      // CAF's parser recursed once per level and overflowed the stack.
      {"[rill]\nslots=" + std::string(100000, '[') + "\n",
       ", line 2: rill.slots: lists and maps nested deeper than 32 levels"},
  };
  int i = 0;
  for (const auto& c : cases) {
    const fs::path ini = t.path / ("bad" + std::to_string(i++) + ".ini");
    write_file(ini, c.text);
    const auto r = rill(job + " --config-file=" + ini.string(), t.path);
    INFO(c.text.substr(0, 80));
    CHECK(r.status == 2);
    CHECK(r.err == "rill: config file '" + ini.string() + "'" + c.message + "\n");
    CHECK(r.out.empty());
  }
  auto r = rill(job + " --rill.heartbeat-interval=2562048h", t.path);
  CHECK(r.status == 2);
  CHECK(r.err == "rill: --rill.heartbeat-interval=2562048h: timespan out of range\n");
  r = rill(job + " --config-file=" + t.path.string(), t.path);
  CHECK(r.status == 2);
  CHECK(r.err == "rill: config file '" + t.path.string() + "': cannot read it (Is a directory)\n");
  CHECK_FALSE(fs::exists(t.path / "out"));
}

TEST_CASE("templates lists wordcount and its parameters; plan shows the fused stages") {
  TempDir t;
  auto r = rill("templates", t.path);
  CHECK(r.status == 0);
  CHECK(r.out.find("wordcount") != std::string::npos);
  CHECK(r.out.find("--input (required)") != std::string::npos);
  write_file(t.path / "in.txt", "a b\n");
  r = rill("plan wordcount --input=" + (t.path / "in.txt").string() +
               " --output=" + (t.path / "o").string() + " --parallelism=2",
           t.path);
  CHECK(r.status == 0);
  CHECK(r.out.find("ExtractWords") != std::string::npos);
  CHECK(r.out.find("[hash]") != std::string::npos);
}

TEST_CASE("wordcount over a glob of plain and gzip files matches an independent count") {
  TempDir t;
  const std::string a = sample_text(3000), b = sample_text(777);
  write_file(t.path / "part-a.txt", a);
  write_gz(t.path / "part-b.txt.gz", b);
  for (int p : {1, 3}) {
    const std::string prefix = "counts" + std::to_string(p);
    auto r = rill("run wordcount --input='" + (t.path / "part-*").string() + "' --output=" +
                      (t.path / "out" / prefix).string() + " --parallelism=" + std::to_string(p) +
                      " --batch-size=100" + (p == 3 ? " --max-source-drift=0" : ""),
                  t.path);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("job DONE") != std::string::npos);
    CHECK(r.out.find("output: ") != std::string::npos);
    CHECK(read_output(t.path / "out", prefix) == expected_counts(a + b));
    CHECK(fs::exists(t.path / "out" / (prefix + "-00000-of-0000" + std::to_string(p))));
  }
}

TEST_CASE("a corrupt .gz fails the job with exit 1, naming the step, leaving no files") {
  TempDir t;
  std::string text = sample_text(20000);
  write_gz(t.path / "in.txt.gz", text);
  std::string bytes = slurp(t.path / "in.txt.gz");
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i)
    bytes[i] = static_cast<char>(~bytes[i]);
  write_file(t.path / "in.txt.gz", bytes);
  auto r = rill("run wordcount --input=" + (t.path / "in.txt.gz").string() +
                    " --output=" + (t.path / "out" / "counts").string(),
                t.path);
  CHECK(r.status == 1);
  CHECK(r.err.find("step 'Read' failed") != std::string::npos);
  CHECK(r.err.find("in.txt.gz") != std::string::npos);
  CHECK(r.out.find("job FAILED") != std::string::npos);
  if (fs::exists(t.path / "out"))
    CHECK(fs::is_empty(t.path / "out"));  // no final files and no temporaries
}
