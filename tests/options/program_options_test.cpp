// ProgramOptions: the runner's options and a program's own in one command line, as `rill run`
// and programs built on rill parse them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "options/program_options.hpp"

using namespace rill;

namespace {

ProgramOptions word_app() {
  ProgramOptions o("wordapp", "Counts words.");
  o.add<std::string>("input", "file or glob to read").required();
  o.add<int64_t>("min-count", 5, "drop rarer words").between(1, 1000);
  o.add<std::string>("case", "keep", "keep|lower|upper").matching("keep|lower|upper");
  o.add<bool>("verbose", false, "say more");
  o.add<std::chrono::milliseconds>("gap", std::chrono::minutes(10), "session gap");
  return o;
}

std::string refusal(const ProgramOptions& o, const std::vector<std::string>& args) {
  try {
    o.parse(args);
    return "";
  } catch (const UsageError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("the program's options and the runner's in one command line") {
  const auto parsed = word_app().parse(
      {"--input=in.txt", "--parallelism=3", "--min-count", "7", "--verbose", "--workers=2",
       "--gap=90s", "--checkpoint-dir=/tmp/ck", "--resume", "--channel-bytes=1M",
       "--deterministic=42", "--log-level=warn", "--rill.role=worker", "--config-file=x.ini"});
  CHECK_FALSE(parsed.help);
  CHECK(parsed.values.get<std::string>("input") == "in.txt");
  CHECK(parsed.values.get<int64_t>("min-count") == 7);
  CHECK(parsed.values.get<bool>("verbose"));
  CHECK(parsed.values.get<std::string>("case") == "keep");
  CHECK(parsed.values.get<std::chrono::milliseconds>("gap") == std::chrono::seconds(90));
  CHECK(parsed.pipeline.parallelism == 3);
  CHECK(parsed.pipeline.workers == 2);
  CHECK(parsed.pipeline.checkpoint_dir == "/tmp/ck");
  CHECK(parsed.pipeline.resume);
  CHECK(parsed.pipeline.channel_bytes == size_t{1} << 20);
  CHECK(parsed.pipeline.deterministic_seed == 42);
  CHECK(parsed.pipeline.log_level == "warn");
  CHECK(parsed.pipeline.job_name == "wordapp");
  CHECK(parsed.pipeline.batch_size == PipelineOptions{}.batch_size);  // not given: the default
  CHECK(parsed.runner.given("parallelism"));
  CHECK_FALSE(parsed.runner.given("batch-size"));
  CHECK(parsed.node_args == std::vector<std::string>{"--rill.role=worker", "--config-file=x.ini"});
  CHECK(parsed.values.texts().count("parallelism") == 0);  // runner options are not parameters
}

TEST_CASE("every runner option sets its field") {
  const auto p =
      ProgramOptions("app")
          .parse({"--batch-size=64", "--credits=3", "--max-source-drift=0", "--job-name=nightly",
                  "--checkpoint-interval=500", "--checkpoints-retained=4", "--restart-attempts=0",
                  "--from-savepoint=/sp", "--faults=crash:step=Count,after=5", "--rest-port=0",
                  "--rest-host=0.0.0.0", "--metrics-interval=250"})
          .pipeline;
  CHECK(p.batch_size == 64);
  CHECK(p.channel_credits == 3);
  CHECK(p.max_source_drift == 0);
  CHECK(p.job_name == "nightly");
  CHECK(p.checkpoint_interval == 500);
  CHECK(p.checkpoints_retained == 4);
  CHECK(p.restart_attempts == 0);
  CHECK(p.from_savepoint == "/sp");
  CHECK(p.faults.text() == testing::FaultPlan::parse("crash:step=Count,after=5").text());
  CHECK(p.rest_port == 0);
  CHECK(p.rest_host == "0.0.0.0");
  CHECK(p.metrics_interval == 250);
  CHECK(ProgramOptions("app").parse({"--deterministic"}).pipeline.deterministic_seed != 0);
}

TEST_CASE("each problem is one message naming the option") {
  const auto o = word_app();
  CHECK(refusal(o, {}) == "missing required option --input");
  CHECK(refusal(o, {"--input=a", "--bogus=1"}) == "unknown option --bogus (see 'wordapp --help')");
  CHECK(refusal(o, {"--input=a", "--min-count=many"}) ==
        "--min-count=many is not an integer in [1, 1000]");
  CHECK(refusal(o, {"--input=a", "--case=title"}) ==
        "--case=title does not match 'keep|lower|upper'");
  CHECK(refusal(o, {"--input=a", "--input=b"}) == "option --input given twice");
  CHECK(refusal(o, {"--input"}) == "option --input needs a value (--input=STRING)");
  CHECK(refusal(o, {"--input=a", "stray"}) ==
        "unexpected argument 'stray' (options are --name=value)");
  CHECK(refusal(o, {"--input=a", "--=3"}) == "empty option name in '--=3'");
  CHECK(refusal(o, {"--input=a", "--workers=0"}) == "--workers=0 is not an integer in [1, 256]");
  CHECK(refusal(o, {"--input=a", "--channel-bytes=12Q"}) ==
        "--channel-bytes=12Q is not a byte count in [1024, 1099511627776] (K, M or G may follow)");
  CHECK(refusal(o, {"--input=a", "--deterministic=0"}).find("--deterministic=SEED needs a seed") ==
        0);
  CHECK(refusal(o, {"--input=a", "--log-level=loud"}) ==
        "--log-level must be trace, debug, info, warn or error, not 'loud'");
  CHECK(refusal(o, {"--input=a", "--faults=explode"}).find("--faults: ") == 0);
  CHECK(refusal(o, {"--input=a", "--checkpoint-dir="}) == "--checkpoint-dir needs a directory");
  CHECK(refusal(o, {"--input=a", "--verbose=perhaps"}) == "--verbose=perhaps is not true or false");
}

TEST_CASE("a template's parameters: the messages name the template") {
  ProgramOptions o("wordcount");
  o.for_template("wordcount");
  o.add<std::string>("input", "in").required();
  o.add<int64_t>("num-shards", 0, "shards").between(0, 10);
  CHECK(refusal(o, {}) == "template 'wordcount': missing required parameter --input");
  CHECK(refusal(o, {"--input=a", "--bogus=1"}) == "template 'wordcount' has no parameter --bogus");
  CHECK(refusal(o, {"--input=a", "--num-shards=11"}) ==
        "template 'wordcount': --num-shards=11 is not an integer in [0, 10]");
  // A runner option's problem is not the template's.
  CHECK(refusal(o, {"--input=a", "--parallelism=x"}) ==
        "--parallelism=x is not an integer in [1, 1024]");
  CHECK(o.parse({"--input=a"}).pipeline.job_name == "wordcount");
}

TEST_CASE("--help lists the program's options, the runner's and the node options") {
  const auto o = word_app();
  CHECK(o.parse({"--min-count=nope", "--help"}).help);
  CHECK(o.parse({"-h"}).help);
  const std::string help = o.help();
  for (const char* text :
       {"usage: wordapp [--option=value ...]\n", "Counts words.\n", "options:\n", "--input=STRING",
        "(required)", "--min-count=INT64", "(default: 5; in [1, 1000])",
        "matching 'keep|lower|upper'", "--verbose ", "--gap=DURATION", "(default: 10m)",
        "runner options:\n", "--parallelism=N", "--checkpoint-dir=DIR", "--deterministic[=SEED]",
        "--rest-port=P", "--log-level=L", "node options", "--rill.role="})
    CHECK_MESSAGE(help.find(text) != std::string::npos, text);
  for (const auto& line : [&] {
         std::vector<std::string> lines;
         size_t at = 0;
         while (at < help.size()) {
           const size_t nl = help.find('\n', at);
           lines.push_back(help.substr(at, nl - at));
           at = nl + 1;
         }
         return lines;
       }())
    CHECK_MESSAGE(line.size() <= 100, line);
}

TEST_CASE("declaring an option twice or under a runner's or node option's name is refused") {
  ProgramOptions o("app");
  o.add<int64_t>("n", 1, "help");
  CHECK_THROWS_WITH_AS(o.add<int64_t>("n", 2, "again"), "option --n is declared twice",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(o.add<int64_t>("parallelism", 2, "mine"),
                       "option --parallelism is one of the runner's options",
                       std::invalid_argument);
  CHECK_THROWS_AS(o.add<bool>("help", false, "h"), std::invalid_argument);
  CHECK_THROWS_AS(o.add<std::string>("rill.mine", "x"), std::invalid_argument);
  // References from add() stay valid as more options are declared.
  OptionSpec& first = o.add<int64_t>("a", 1, "help");
  for (int i = 0; i < 50; ++i) o.add<int64_t>("x" + std::to_string(i), 1, "help");
  first.between(0, 5);
  CHECK(refusal(o, {"--a=6"}) == "--a=6 is not an integer in [0, 5]");
}
