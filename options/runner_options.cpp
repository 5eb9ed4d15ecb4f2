#include "options/runner_options.hpp"

#include <limits>
#include <random>

#include "options/usage_error.hpp"

namespace rill {
namespace {

// A seed for --deterministic without one: any but 0 (off); printed when the job starts.
uint64_t draw_seed() {
  std::random_device rd;
  uint64_t seed = 0;
  while (seed == 0) seed = (uint64_t{rd()} << 32) | rd();
  return seed;
}

uint64_t parse_seed(const std::string& text) {
  size_t used = 0;
  uint64_t seed = 0;
  try {
    if (!text.empty() && text[0] != '-') seed = std::stoull(text, &used, 10);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || seed == 0)
    throw UsageError("--deterministic=SEED needs a seed from 1 to 2^64-1, not '" + text + "'");
  return seed;
}

std::string non_empty(const OptionValues& v, const std::string& name, const char* what) {
  const std::string& s = v.text(name);
  if (s.empty()) throw UsageError("--" + name + " needs " + what);
  return s;
}

OptionSpec integer(const char* name, int64_t min, int64_t max, const char* value_name,
                   const char* help) {
  return option<int64_t>(name, help).between(min, max).value_name(value_name);
}

std::vector<RunnerOption> make_runner_options() {
  using V = const OptionValues&;
  using O = PipelineOptions&;
  return {
      {integer("workers", 1, 256, "N", "actor-system worker threads (default: cores)"),
       [](V v, O o) { o.workers = v.get<int>("workers"); }},
      {integer("parallelism", 1, 1024, "N", "partitions per stage (default: cores)"),
       [](V v, O o) { o.parallelism = v.get<int>("parallelism"); }},
      {integer("batch-size", 1, 1 << 20, "N", "elements per batch between stages (default: 1024)"),
       [](V v, O o) { o.batch_size = v.get<size_t>("batch-size"); }},
      {integer("credits", 1, 1024, "N", "batches in flight per channel (default: 8)"),
       [](V v, O o) { o.channel_credits = v.get<int>("credits"); }},
      {OptionSpec("channel-bytes", OptionType::kBytes,
                  "bytes in flight per channel, K/M/G suffixes (default: 64M); a batch is cut "
                  "at N / credits")
           .between(int64_t{1024}, int64_t{1} << 40)
           .value_name("N"),
       [](V v, O o) { o.channel_bytes = v.get<size_t>("channel-bytes"); }},
      {integer("max-source-drift", 0, 1'000'000'000'000, "MS",
               "event time (ms) a source's reader may run ahead of the slowest reader of the "
               "same source; 0: no limit (default: 10000)"),
       [](V v, O o) { o.max_source_drift = v.get<int64_t>("max-source-drift"); }},
      {option<std::string>("job-name",
                           "the job's name in the REST API, logs and `rill jobs` "
                           "(default: the program's or template's name)")
           .value_name("NAME"),
       [](V v, O o) { o.job_name = non_empty(v, "job-name", "a name"); }},
      {option<std::string>("checkpoint-dir",
                           "take checkpoints there; a failure restarts the "
                           "job from the latest one")
           .value_name("DIR"),
       [](V v, O o) { o.checkpoint_dir = non_empty(v, "checkpoint-dir", "a directory"); }},
      {integer("checkpoint-interval", 1, 86'400'000, "MS", "between checkpoints (default: 10000)"),
       [](V v, O o) { o.checkpoint_interval = v.get<int64_t>("checkpoint-interval"); }},
      {integer("checkpoints-retained", 1, 1000, "N", "complete checkpoints kept (default: 2)"),
       [](V v, O o) { o.checkpoints_retained = v.get<int>("checkpoints-retained"); }},
      {integer("restart-attempts", 0, 1'000'000, "N",
               "restarts after failures (default: 3 with checkpoints, else 0)"),
       [](V v, O o) { o.restart_attempts = v.get<int>("restart-attempts"); }},
      {option<bool>("resume", "start from the latest complete checkpoint in --checkpoint-dir"),
       [](V v, O o) { o.resume = v.get<bool>("resume"); }},
      {option<std::string>("from-savepoint", "start from a savepoint (or a complete DIR/chk-N)")
           .value_name("DIR"),
       [](V v, O o) { o.from_savepoint = non_empty(v, "from-savepoint", "a directory"); }},
      {option<std::string>("faults",
                           "inject faults, for testing (README: Testing under faults), "
                           "e.g. 'crash:step=Count,after=500;drop:edge=Split->Count,"
                           "p=0.01'")
           .value_name("SPEC"),
       [](V v, O o) {
         try {
           o.faults = testing::FaultPlan::parse(v.text("faults"));
         } catch (const std::invalid_argument& e) {
           throw UsageError(std::string("--faults: ") + e.what());
         }
       }},
      {option<std::string>("deterministic",
                           "one thread; the next message is picked by a generator seeded with "
                           "SEED (drawn and printed if omitted): a seed replays the same "
                           "interleaving; local runs only")
           .implicit_value("random")
           .value_name("SEED"),
       [](V v, O o) {
         const std::string& s = v.text("deterministic");
         o.deterministic_seed = s == "random" ? draw_seed() : parse_seed(s);
       }},
      {integer("rest-port", 0, 65535, "P",
               "serve the REST API, /metrics and the web UI on P (0: any free port, logged); a "
               "coordinator serves it on 8081 by default"),
       [](V v, O o) { o.rest_port = v.get<int>("rest-port"); }},
      {option<std::string>("rest-host", "the address it listens on (default: 127.0.0.1)")
           .value_name("H"),
       [](V v, O o) { o.rest_host = non_empty(v, "rest-host", "an address"); }},
      {integer("metrics-interval", 0, 3'600'000, "MS",
               "how often partitions report live metrics (default: 1000; 0: off)"),
       [](V v, O o) { o.metrics_interval = v.get<int64_t>("metrics-interval"); }},
      {option<std::string>("log-level", "trace|debug|info|warn|error (default: info)")
           .value_name("L"),
       [](V v, O o) {
         const std::string& level = v.text("log-level");
         for (const char* name : {"trace", "debug", "info", "warn", "error"})
           if (level == name) {
             o.log_level = level;
             return;
           }
         throw UsageError("--log-level must be trace, debug, info, warn or error, not '" + level +
                          "'");
       }},
  };
}

}  // namespace

const std::vector<RunnerOption>& runner_options() {
  static const std::vector<RunnerOption> all = make_runner_options();
  return all;
}

void apply_runner_options(const OptionValues& values, PipelineOptions& options) {
  for (const auto& r : runner_options())
    if (values.given(r.spec.name())) r.apply(values, options);
}

}  // namespace rill
