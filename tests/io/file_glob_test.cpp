#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>

#include "io/text/file_glob.hpp"
#include "test_files.hpp"

using namespace rill::io::text;
using rill::io::text::testing::TempDir;
using rill::io::text::testing::write_file;

namespace {

// Restores the working directory when the test ends.
struct WorkingDirectory {
  std::filesystem::path saved = std::filesystem::current_path();
  explicit WorkingDirectory(const std::filesystem::path& dir) {
    std::filesystem::current_path(dir);
  }
  ~WorkingDirectory() { std::filesystem::current_path(saved); }
};

std::string no_match_message(const std::string& pattern) {
  try {
    expand_glob(pattern);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST_CASE("matches_glob_component: *, ?, sets, ranges, negation, escapes") {
  CHECK(matches_glob_component("*.txt", "a.txt"));
  CHECK(matches_glob_component("*.txt", ".txt") == false);  // hidden name needs a literal dot
  CHECK(matches_glob_component(".*", ".hidden"));
  CHECK(matches_glob_component("*", ""));
  CHECK(matches_glob_component("a*b*c", "aXXbYYbc"));
  CHECK_FALSE(matches_glob_component("a*b*c", "aXXbYYbcd"));
  CHECK(matches_glob_component("part-?????", "part-00001"));
  CHECK_FALSE(matches_glob_component("part-?????", "part-0001"));
  CHECK(matches_glob_component("[abc].txt", "b.txt"));
  CHECK_FALSE(matches_glob_component("[abc].txt", "d.txt"));
  CHECK(matches_glob_component("[a-c][0-9]", "c7"));
  CHECK(matches_glob_component("[!a-c]x", "dx"));
  CHECK_FALSE(matches_glob_component("[!a-c]x", "bx"));
  CHECK(matches_glob_component("[^a]x", "bx"));
  CHECK(matches_glob_component("[]]", "]"));
  CHECK(matches_glob_component("[a-]", "-"));
  CHECK(matches_glob_component("x[", "x["));  // unterminated '[' is literal
  CHECK(matches_glob_component("\\*", "*"));
  CHECK_FALSE(matches_glob_component("\\*", "a"));
  CHECK(has_wildcards("a/*.txt"));
  CHECK_FALSE(has_wildcards("a/b\\*.txt"));
}

TEST_CASE("expand_glob: a plain path names itself, a missing one throws naming it") {
  TempDir dir;
  write_file(dir.file("data/a.txt"), "x\n");
  CHECK(expand_glob(dir.file("data/a.txt")) == std::vector<std::string>{dir.file("data/a.txt")});
  const std::string missing = dir.file("data/missing.txt");
  CHECK(no_match_message(missing) == "no file matches '" + missing + "'");
  // A directory is not a file.
  CHECK_THROWS_AS(expand_glob(dir.file("data")), std::invalid_argument);
}

TEST_CASE("expand_glob: wildcards in the file name, sorted, files only, hidden skipped") {
  TempDir dir;
  for (const char* name : {"c.txt", "a.txt", "b.txt", "b.csv", "ab.txt", ".hidden.txt"}) {
    write_file(dir.file(std::string("data/") + name), "x\n");
  }
  std::filesystem::create_directories(dir.file("data/dir.txt"));
  const std::string d = dir.file("data/");
  CHECK(expand_glob(dir.file("data/*.txt")) ==
        std::vector<std::string>{d + "a.txt", d + "ab.txt", d + "b.txt", d + "c.txt"});
  CHECK(expand_glob(dir.file("data/?.txt")) ==
        std::vector<std::string>{d + "a.txt", d + "b.txt", d + "c.txt"});
  CHECK(expand_glob(dir.file("data/[ab].*")) ==
        std::vector<std::string>{d + "a.txt", d + "b.csv", d + "b.txt"});
  CHECK(expand_glob(dir.file("data/[!a]*.txt")) ==
        std::vector<std::string>{d + "b.txt", d + "c.txt"});
  CHECK(expand_glob(dir.file("data/.*.txt")) == std::vector<std::string>{d + ".hidden.txt"});
}

TEST_CASE("expand_glob: no match throws std::invalid_argument naming the pattern") {
  TempDir dir;
  write_file(dir.file("data/a.csv"), "x\n");
  const std::string pattern = dir.file("data/*.txt");
  CHECK(no_match_message(pattern) == "no file matches '" + pattern + "'");
  CHECK_THROWS_AS(expand_glob(dir.file("nowhere/*.txt")), std::invalid_argument);
}

TEST_CASE("expand_glob: wildcards in directory components") {
  TempDir dir;
  write_file(dir.file("logs/2024-01/part-0.gz"), "x");
  write_file(dir.file("logs/2024-02/part-0.gz"), "x");
  write_file(dir.file("logs/2024-02/part-1.gz"), "x");
  write_file(dir.file("logs/2024-02/other.txt"), "x");
  write_file(dir.file("logs/2023-12/part-0.gz"), "x");
  write_file(dir.file("logs/2024-03"), "a file, not a directory");
  const std::string l = dir.file("logs/");
  CHECK(expand_glob(dir.file("logs/2024-*/part-*.gz")) ==
        std::vector<std::string>{l + "2024-01/part-0.gz", l + "2024-02/part-0.gz",
                                 l + "2024-02/part-1.gz"});
  CHECK(expand_glob(dir.file("logs/*/other.txt")) ==
        std::vector<std::string>{l + "2024-02/other.txt"});
  CHECK(expand_glob(dir.file("l?gs//20[0-9][0-9]-1*/part-0.gz")) ==
        std::vector<std::string>{dir.file("logs") + "/2023-12/part-0.gz"});
}

TEST_CASE("expand_glob: a relative pattern gives relative paths") {
  TempDir dir;
  write_file(dir.file("data/b.txt"), "x\n");
  write_file(dir.file("data/a.txt"), "x\n");
  WorkingDirectory cwd(dir.path());
  CHECK(expand_glob("data/*.txt") == std::vector<std::string>{"data/a.txt", "data/b.txt"});
  CHECK(expand_glob("./data/a*") == std::vector<std::string>{"./data/a.txt"});
  CHECK(expand_glob("*/b.txt") == std::vector<std::string>{"data/b.txt"});
  CHECK(no_match_message("data/*.csv") == "no file matches 'data/*.csv'");
}
