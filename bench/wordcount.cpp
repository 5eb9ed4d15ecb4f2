// wordcount FILE: the examples' count_words over the lines of a text file.
#include <fstream>
#include <string>
#include <unordered_map>

#include "bench/digest_sink.hpp"
#include "bench/workloads.hpp"
#include "examples/wordcount.hpp"
#include "io/read_from_text.hpp"

namespace rill::bench {

Workload wordcount_workload(const BenchArgs& a) {
  if (a.positional.empty()) throw std::invalid_argument("wordcount: missing argument FILE");
  const std::string file = a.positional[0];
  Workload w;
  w.hand = [file] {
    Stopwatch clock;
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file);
    std::unordered_map<std::string, int64_t> counts;
    std::string line;
    int64_t lines = 0;
    while (std::getline(in, line)) {
      ++lines;
      rill::examples::for_each_word(line,
                                    [&](std::string_view word) { ++counts[std::string(word)]; });
    }
    Digest d;  // of the same "word: count" lines that count_words produces
    for (const auto& [word, count] : counts)
      d.add(HashString{}(word + ": " + std::to_string(count)));
    return Outcome{lines, clock.seconds(), d, -1, {}};
  };
  w.rill = [file, options = a.options, summary = a.summary] {
    rill::Pipeline p{options};
    auto lines = p | rill::io::ReadFromText("Read", file);
    auto store = rill::examples::count_words(lines) | DigestSink("Digest", HashString{});
    const TimedRun run = timed_run(p, summary);
    return Outcome{run.result.step("Read")->elements_out, run.seconds, store->total(),
                   run.steal_pct, run.ckpt};
  };
  return w;
}

}  // namespace rill::bench
