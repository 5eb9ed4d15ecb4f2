// A DoFn's log (graph/step_log.hpp) through the runner: every line names the step and the
// partition it was written in, at parallelism 1 and 3, and the process's level filters it.
#include <doctest/doctest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {

// Logs every element at info and multiples of 10 at warn; emits nothing.
struct ReportFn : DoFn<int64_t, int64_t> {
  void process(const int64_t& x, Emitter<int64_t>& out) {
    out.log().info("value ", x);
    if (x % 10 == 0) out.log().warn("round value ", x);
    out.log().debug("debug ", x);
    out.emit(x);
  }
};

// Swaps the process's default logger for one writing to a string, for one test.
class CapturedLog {
 public:
  explicit CapturedLog(spdlog::level::level_enum level) : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    sink->set_pattern("%l %v");
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(level);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream is(text_.str());
    for (std::string l; std::getline(is, l);) out.push_back(l);
    return out;
  }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::logger> previous_;
};

std::vector<int64_t> numbers(int n) {
  std::vector<int64_t> v;
  for (int i = 0; i < n; ++i) v.push_back(i);
  return v;
}

// Runs Create -> Reshuffle -> Report -> Split (a FlatMap logging through its emitter) and
// returns the log lines.
std::vector<std::string> run_logged(int parallelism, spdlog::level::level_enum level) {
  CapturedLog log(level);
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 4;
  o.metrics_interval = 0;
  Pipeline p{o};
  auto out = p | Create("Numbers", numbers(60)) | Reshuffle("Spread") |
             ParDo("Report", ReportFn{}) |
             FlatMap<int64_t>("Split",
                              [](const int64_t& x, Emitter<int64_t>& out) {
                                if (x == 7) out.log().error("seven");
                                out.emit(x);
                              }) |
             io::Collect("Out");
  auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  CHECK(out->values().size() == 60);
  return log.lines();
}

}  // namespace

TEST_CASE("a DoFn's log lines carry the step and the partition, filtered by level") {
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    const auto lines = run_logged(parallelism, spdlog::level::info);
    const std::regex value_line(R"(info Report \[partition (\d+)/(\d+)\] value (\d+))");
    const std::regex warn_line(R"(warning Report \[partition (\d+)/(\d+)\] round value (\d+))");
    std::multiset<int64_t> values, round;
    std::set<int> partitions;
    int errors = 0;
    for (const auto& l : lines) {
      CHECK(l.find("debug") == std::string::npos);  // below the level
      std::smatch m;
      if (std::regex_match(l, m, value_line)) {
        CHECK(std::stoi(m[2]) == parallelism);
        partitions.insert(std::stoi(m[1]));
        values.insert(std::stoll(m[3]));
      } else if (std::regex_match(l, m, warn_line)) {
        CHECK(std::stoi(m[2]) == parallelism);
        round.insert(std::stoll(m[3]));
      } else if (l.rfind("error Split [partition ", 0) == 0 &&
                 l.ends_with("/" + std::to_string(parallelism) + "] seven")) {
        ++errors;
      }
    }
    std::multiset<int64_t> all, tens;
    for (int64_t x : numbers(60)) {
      all.insert(x);
      if (x % 10 == 0) tens.insert(x);
    }
    CHECK(values == all);
    CHECK(round == tens);
    CHECK(errors == 1);
    // Every partition of the step processed (and logged) some of the 60 values.
    CHECK(partitions.size() == static_cast<size_t>(parallelism));
    for (int part : partitions) CHECK(part < parallelism);
  }
}

TEST_CASE("a level above the lines' writes none of them") {
  const auto lines = run_logged(2, spdlog::level::err);
  int errors = 0;
  for (const auto& l : lines) {
    CHECK(l.find(" value ") == std::string::npos);
    if (l.find("seven") != std::string::npos) ++errors;
  }
  CHECK(errors == 1);
}
