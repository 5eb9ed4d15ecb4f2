// The gaming templates through the `rill` binary and the four example programs, run as a
// user would: exit codes, one-line errors, output and dead-letter files.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>

#include "tests/examples/gaming_checks.hpp"

using namespace gaming_test;

namespace {

struct Run {
  int status = -1;
  std::string out, err;
};

Run run(const std::string& binary, const std::string& args, const TempDir& dir) {
  const std::string out = dir.file("stdout.txt"), err = dir.file("stderr.txt");
  const std::string cmd = binary + " " + args + " >" + out + " 2>" + err + " </dev/null";
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
}

Run rill(const std::string& args, const TempDir& dir) {
  return run(RILL_BIN, args, dir);
}

struct TemplateCase {
  std::string name;
  std::string program;  // the standalone example taking the same flags
  std::string params;   // beyond --input/--output
  std::vector<std::string> expected;
};

std::vector<TemplateCase> template_cases(const GamingCsv& csv) {
  return {
      {"user-score", USER_SCORE_BIN, "", expected_user_totals(csv.events)},
      {"hourly-team-score", HOURLY_TEAM_SCORE_BIN, "--window-minutes=45",
       expected_team_totals(csv.events, 45 * 60'000, 45 * 60'000)},
      // A period longer than the size: windows with gaps between them, as Beam allows.
      {"sliding-team-score", SLIDING_TEAM_SCORE_BIN, "--size-minutes=20 --period-minutes=30",
       expected_team_totals(csv.events, 20 * 60'000, 30 * 60'000)},
      {"user-sessions", USER_SESSIONS_BIN, "--gap-minutes 5",
       expected_sessions(csv.events, kFiveMinutesMs)},
  };
}

size_t count_lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_CASE("rill templates lists the four gaming templates with their parameters") {
  TempDir dir;
  const auto r = rill("templates", dir);
  REQUIRE(r.status == 0);
  for (const char* text :
       {"user-score\n", "hourly-team-score\n", "sliding-team-score\n", "user-sessions\n",
        "--window-minutes  window size (whole minutes >= 1) [default 60]",
        "--size-minutes  window size (whole minutes >= 1) [default 60]",
        "--period-minutes  a window starts every period (whole minutes >= 1) [default 10]",
        "--gap-minutes  session gap (whole minutes >= 1) [default 5]", "--dead-letter  file",
        "lines 'user,session_start_ms,session_end_ms,event_count,score_sum'", "wordcount\n"})
    CHECK_MESSAGE(r.out.find(text) != std::string::npos, text);
}

TEST_CASE("each template on a generated CSV: expected lines, dead letters, parallelism 1 = 3") {
  TempDir dir;
  const GamingCsv csv = generate_gaming_csv(3000, 23);
  write_file(dir.file("game.csv"), csv.text);
  for (const auto& c : template_cases(csv)) {
    CAPTURE(c.name);
    for (int parallelism : {1, 3}) {
      CAPTURE(parallelism);
      const std::string tag = c.name + "-p" + std::to_string(parallelism);
      const std::string output = dir.file("out/" + tag), dead = dir.file("dead/" + tag + ".jsonl");
      const auto r = rill("run " + c.name + " --input=" + dir.file("game.csv") +
                              " --output=" + output + " --dead-letter=" + dead + " " + c.params +
                              " --parallelism=" + std::to_string(parallelism) + " --batch-size=100",
                          dir);
      INFO(r.err);
      REQUIRE(r.status == 0);
      CHECK(r.out.find("job DONE") != std::string::npos);
      CHECK(r.out.find("malformed: " + std::to_string(csv.malformed.size())) != std::string::npos);
      CHECK(r.out.find("output: " + dead) != std::string::npos);
      CHECK(output_lines(output) == c.expected);  // so p=1 and p=3 give identical lines
      check_dead_letters(read_file(dead), csv);
    }
  }
}

TEST_CASE("without --dead-letter malformed lines are counted and no file is written") {
  TempDir dir;
  const GamingCsv csv = generate_gaming_csv(300, 3);
  write_file(dir.file("in/game.csv"), csv.text);
  const auto r = rill("run user-sessions --input=" + dir.file("in/game.csv") +
                          " --output=" + dir.file("out/sessions"),
                      dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("ParseGameEvent") != std::string::npos);
  CHECK(r.out.find("malformed: " + std::to_string(csv.malformed.size())) != std::string::npos);
  CHECK(r.out.find(".jsonl") == std::string::npos);
  CHECK(output_lines(dir.file("out/sessions")) == expected_sessions(csv.events, kFiveMinutesMs));
}

TEST_CASE("bad parameter values exit 2 with one clear line and write nothing") {
  TempDir dir;
  write_file(dir.file("game.csv"), "u,t,1,2,\n");
  const std::string io = " --input=" + dir.file("game.csv") + " --output=" + dir.file("out/x");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"hourly-team-score --window-minutes=0", "--window-minutes=0 is not an integer in [1, "},
      {"hourly-team-score --window-minutes=-5", "--window-minutes=-5 is not an integer"},
      {"hourly-team-score --window-minutes=abc", "--window-minutes=abc is not an integer"},
      {"hourly-team-score --window-minutes=1.5", "--window-minutes=1.5 is not an integer"},
      {"hourly-team-score --window-minutes=", "--window-minutes= is not an integer"},
      {"hourly-team-score --window-minutes=99999999999999999999", "is not an integer"},
      {"sliding-team-score --size-minutes=0", "--size-minutes=0 is not an integer"},
      {"sliding-team-score --period-minutes=x", "--period-minutes=x is not an integer"},
      {"user-sessions --gap-minutes=0", "--gap-minutes=0 is not an integer"},
      {"user-sessions --gap-minutes=-1", "--gap-minutes=-1 is not an integer"},
      {"user-score --window-minutes=5", "has no parameter --window-minutes"},
      {"user-score --dead-letter=" + dir.path().string(), "is a directory"},
  };
  for (const auto& [args, message] : cases) {
    CAPTURE(args);
    const auto r = rill("run " + args + io, dir);
    CHECK(r.status == 2);
    CHECK_MESSAGE(r.err.find(message) != std::string::npos, r.err);
    CHECK(count_lines(r.err) == 1);
  }
  const auto missing = rill("run user-sessions --output=" + dir.file("out/x"), dir);
  CHECK(missing.status == 2);
  CHECK(missing.err.find("missing required parameter --input") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("out")));
}

TEST_CASE("the example programs take the same flags and write what the templates write") {
  TempDir dir;
  const GamingCsv csv = generate_gaming_csv(500, 7);
  write_file(dir.file("game.csv"), csv.text);
  for (const auto& c : template_cases(csv)) {
    CAPTURE(c.program);
    const std::string output = dir.file("out/" + c.name), dead = dir.file(c.name + ".jsonl");
    const auto r = run(c.program,
                       "--input=" + dir.file("game.csv") + " --output=" + output +
                           " --dead-letter=" + dead + " " + c.params,
                       dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(output_lines(output) == c.expected);
    check_dead_letters(read_file(dead), csv);

    const auto help = run(c.program, "--help", dir);
    CHECK(help.status == 0);
    CHECK(help.out.find("usage: ") == 0);
    const auto bogus = run(c.program, "--input=x --output=y --bogus=1", dir);
    CHECK(bogus.status == 2);
    CHECK(bogus.err.find("unknown flag --bogus") != std::string::npos);
    CHECK(count_lines(bogus.err) == 1);
    const auto no_output = run(c.program, "--input=" + dir.file("game.csv"), dir);
    CHECK(no_output.status == 2);
    CHECK(no_output.err.find("missing required flag --output") != std::string::npos);
  }
  const auto zero = run(USER_SESSIONS_BIN,
                        "--input=" + dir.file("game.csv") + " --output=o --gap-minutes=0", dir);
  CHECK(zero.status == 2);
  CHECK(zero.err.find("--gap-minutes=0 is not an integer in [1, 1000000000]") != std::string::npos);
}
