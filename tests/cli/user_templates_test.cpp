// A user's own templates and options (tests/cli/user_templates_program.cpp,
// user_options_program.cpp), run as child processes: the verbs rill::cli_main gives a program,
// its templates' metadata, and its parameters checked against their declarations before any
// job starts.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "tests/cli/cli_run.hpp"

using namespace cli_test;

namespace {

const std::string kProgram = "user_templates_program";

Run program(const std::string& args, const fs::path& dir) {
  return run_binary(USER_TEMPLATES_BIN, args, dir);
}

// The published lines of every file OUTPUT-*, sorted.
std::vector<std::string> lines_of(const fs::path& dir, const std::string& prefix) {
  std::vector<std::string> lines;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind(prefix + "-", 0) != 0) continue;
    std::istringstream in(slurp(e.path()));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

struct Job {
  TempDir t;
  std::string args;
  Job() {
    write_file(t.path / "in.txt", "The cat, the HAT.\na Cat sat\n");
    args = "run word-counts --input=" + (t.path / "in.txt").string() +
           " --output=" + (t.path / "out/w").string();
  }
  bool no_output() const { return !fs::exists(t.path / "out"); }
};

}  // namespace

TEST_CASE("templates lists the program's templates with their typed parameters") {
  TempDir t;
  const auto r = program("templates", t.path);
  REQUIRE(r.status == 0);
  for (const char* text :
       {"word-counts\n  Counts the words of text files", "line-count\n",
        "    --input (required)  file or glob to read\n",
        "    --output (required)  output prefix (no glob characters) [matching '[^*?]+']\n",
        "    --min-length  shorter words are skipped [default 1] [int64 in [1, 100]]\n",
        "    --case  keep, lower or upper [default keep] [matching 'keep|lower|upper']\n"})
    CHECK_MESSAGE(r.out.find(text) != std::string::npos, text);
  CHECK(r.out.find("wordcount") == std::string::npos);  // not the rill command's templates
}

TEST_CASE("templates --format=json: the metadata of each template, as Dataflow's") {
  TempDir t;
  const auto r = program("templates --format=json", t.path);
  REQUIRE(r.status == 0);
  const auto all = nlohmann::json::parse(r.out);
  REQUIRE(all.is_array());
  REQUIRE(all.size() == 2);
  const auto& wc = all[0];
  CHECK(wc["name"] == "word-counts");
  CHECK(wc["description"] ==
        "Counts the words of text files, in the case asked for; lines 'word: count'.");
  const auto& params = wc["parameters"];
  REQUIRE(params.size() == 4);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& p : params) by_name[p["name"].get<std::string>()] = p;
  const auto& input = by_name.at("input");
  CHECK(input["label"] == "input");
  CHECK(input["helpText"] == "file or glob to read");
  CHECK(input["isOptional"] == false);
  CHECK(input["regexes"] == nlohmann::json::array());
  CHECK_FALSE(input.contains("defaultValue"));
  CHECK(input["type"] == "string");
  CHECK(by_name.at("output")["regexes"] == nlohmann::json::array({"[^*?]+"}));
  const auto& min_length = by_name.at("min-length");
  CHECK(min_length["isOptional"] == true);
  CHECK(min_length["defaultValue"] == "1");
  CHECK(min_length["type"] == "int64");
  CHECK(min_length["min"] == 1);
  CHECK(min_length["max"] == 100);
  CHECK(by_name.at("case")["regexes"] == nlohmann::json::array({"keep|lower|upper"}));
  CHECK(by_name.at("case")["defaultValue"] == "keep");
  CHECK(all[1]["name"] == "line-count");
  CHECK(all[1]["parameters"].size() == 2);

  const auto bad = program("templates --format=yaml", t.path);
  CHECK(bad.status == 2);
  CHECK(bad.err == kProgram + ": templates: --format must be text or json, not 'yaml'\n");
}

TEST_CASE("run with good parameters: the template's output, at the parallelism asked for") {
  for (const char* parallelism : {"1", "3"}) {
    Job j;
    const auto r =
        program(j.args + " --case=lower --min-length=3 --parallelism=" + parallelism + " --quiet",
                j.t.path);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("job DONE") != std::string::npos);
    CHECK(lines_of(j.t.path / "out", "w") ==
          std::vector<std::string>{"cat: 2", "hat: 1", "sat: 1", "the: 2"});
  }
  Job j;  // the defaults: every word, its case kept
  REQUIRE(program(j.args, j.t.path).status == 0);
  CHECK(lines_of(j.t.path / "out", "w") == std::vector<std::string>{"Cat: 1", "HAT: 1", "The: 1",
                                                                    "a: 1", "cat: 1", "sat: 1",
                                                                    "the: 1"});
  TempDir t;  // the other template
  write_file(t.path / "in.txt", "one\ntwo\nthree\n");
  const auto r = program("run line-count --input=" + (t.path / "in.txt").string() +
                             " --output=" + (t.path / "n").string(),
                         t.path);
  REQUIRE(r.status == 0);
  CHECK(lines_of(t.path, "n") == std::vector<std::string>{"lines: 3"});
}

TEST_CASE("bad parameters exit 2 naming the parameter, before the job starts") {
  struct Case {
    std::string args, message;
  };
  const std::vector<Case> cases = {
      {" --case=title", "template 'word-counts': --case=title does not match 'keep|lower|upper'"},
      {" --min-length=abc",
       "template 'word-counts': --min-length=abc is not an integer in [1, 100]"},
      {" --min-length=0", "template 'word-counts': --min-length=0 is not an integer in [1, 100]"},
      {" --bogus=1", "template 'word-counts' has no parameter --bogus"},
      {" --min-length=2 --min-length=3",
       "template 'word-counts': parameter --min-length given twice"},
      {" --parallelism=0", "--parallelism=0 is not an integer in [1, 1024]"},
      {" --case", "template 'word-counts': parameter --case needs a value (--case=STRING)"},
  };
  for (const auto& c : cases) {
    Job j;
    const auto r = program(j.args + c.args, j.t.path);
    CHECK_MESSAGE(r.status == 2, c.args);
    CHECK(r.err == kProgram + ": " + c.message + "\n");
    CHECK(j.no_output());
  }
  Job j;
  const auto glob = program("run word-counts --input=" + (j.t.path / "in.txt").string() +
                                " --output='" + (j.t.path / "out/*").string() + "'",
                            j.t.path);
  CHECK(glob.status == 2);
  CHECK(glob.err.find("--output=" + (j.t.path / "out/*").string() + " does not match '[^*?]+'") !=
        std::string::npos);
  const auto missing =
      program("run word-counts --output=" + (j.t.path / "out/w").string(), j.t.path);
  CHECK(missing.status == 2);
  CHECK(missing.err == kProgram + ": template 'word-counts': missing required parameter --input\n");
  const auto unknown = program("run nosuch --input=x", j.t.path);
  CHECK(unknown.status == 2);
  CHECK(unknown.err ==
        kProgram + ": unknown template 'nosuch' (see '" + kProgram + " templates')\n");
  CHECK(j.no_output());
}

TEST_CASE("--help: the verbs; run TEMPLATE --help: its parameters and the runner's options") {
  TempDir t;
  const auto verbs = program("--help", t.path);
  CHECK(verbs.status == 0);
  for (const char* text :
       {"usage: user_templates_program run TEMPLATE", "templates [--format=text|json]",
        "jobs list|describe", "--parallelism=N"})
    CHECK_MESSAGE(verbs.out.find(text) != std::string::npos, text);
  const auto r = program("run word-counts --help", t.path);
  CHECK(r.status == 0);
  for (const char* text :
       {"usage: user_templates_program run|plan word-counts", "Counts the words of text files",
        "parameters of template 'word-counts':", "--input=STRING", "--min-length=INT64",
        "(default: 1; in [1, 100])", "--case=STRING", "runner options:", "--parallelism=N",
        "--workers=N", "--checkpoint-dir=DIR", "--rest-port=P", "--faults=SPEC", "node options",
        "--rill.role=local|coordinator|worker"})
    CHECK_MESSAGE(r.out.find(text) != std::string::npos, text);
  CHECK(program("", t.path).status == 2);
}

TEST_CASE("plan shows the template's steps") {
  Job j;
  const auto r = program("plan" + j.args.substr(3) + " --parallelism=2", j.t.path);
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("Words") != std::string::npos);
  CHECK(r.out.find("Count") != std::string::npos);
  CHECK(j.no_output());
}

TEST_CASE("a program's own options with ProgramOptions::parse_or_exit") {
  TempDir t;
  auto r =
      run_binary(USER_OPTIONS_BIN,
                 "--input=a.txt --ratio 0.25 --gap=90s --parallelism=4 --rill.role=local", t.path);
  CHECK(r.status == 0);
  CHECK(r.out ==
        "input=a.txt min-count=5 ratio=0.25 gap-ms=90000 parallelism=4 "
        "job-name=user_options_program node-args=1\n");
  r = run_binary(USER_OPTIONS_BIN, "--help", t.path);
  CHECK(r.status == 0);
  for (const char* text :
       {"usage: user_options_program", "Prints the options it was given.", "--input=STRING",
        "--ratio=DOUBLE", "(default: 0.5; in [0.0, 1.0])", "--gap=DURATION", "(default: 10m)",
        "runner options:", "--checkpoint-dir=DIR", "--rill.role="})
    CHECK_MESSAGE(r.out.find(text) != std::string::npos, text);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "missing required option --input"},
      {"--input=a --bogus", "unknown option --bogus (see 'user_options_program --help')"},
      {"--input=a --ratio=2", "--ratio=2 is not a number in [0.0, 1.0]"},
      {"--input=a --gap=soon", "--gap=soon is not a duration (e.g. 500ms, 10s, 5m, 2h)"},
      {"--input=a --workers=many", "--workers=many is not an integer in [1, 256]"},
  };
  for (const auto& [args, message] : bad) {
    r = run_binary(USER_OPTIONS_BIN, args, t.path);
    CHECK_MESSAGE(r.status == 2, args);
    CHECK(r.err == "user_options_program: " + message + " (see --help)\n");
  }
}

TEST_CASE("the runner's options reach the program's job: --deterministic, --log-level") {
  Job j;
  auto r = program(j.args + " --deterministic=5", j.t.path);
  REQUIRE(r.status == 0);
  CHECK(r.err.find("rill: deterministic scheduling, seed 5") != std::string::npos);
  r = program(j.args + " --deterministic=5 --log-level=warn", j.t.path);
  REQUIRE(r.status == 0);
  CHECK(r.err.find("deterministic scheduling") == std::string::npos);
  r = program(j.args + " --log-level=loud", j.t.path);
  CHECK(r.status == 2);
  CHECK(r.err ==
        kProgram + ": --log-level must be trace, debug, info, warn or error, not 'loud'\n");
}
