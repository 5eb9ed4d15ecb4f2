#include "examples/nexmark/event_counts.hpp"

#include <stdexcept>

#include "io/nexmark/source.hpp"
#include "io/write_to_text.hpp"

namespace rill::examples::nexmark {
namespace {

const char* kind_of(const io::nexmark::Event& e) {
  return e.is_bid() ? "bid" : e.is_person() ? "person" : "auction";
}

// A DoFn: the window of a count is known only through the emitter.
struct FormatCount : DoFn<KV<std::string, int64_t>, std::string> {
  void process(const KV<std::string, int64_t>& kind_count, Emitter<std::string>& out) {
    const Window& w = out.window();
    out.emit(std::to_string(w.start) + "," + std::to_string(w.end) + "," + kind_count.key + "," +
             std::to_string(kind_count.value));
  }
};

}  // namespace

void build_event_counts(Pipeline& p, const EventCountsOptions& options) {
  if (options.window_ms < 1)
    throw std::invalid_argument("event-counts: window-ms must be at least 1");
  if (options.rate < 0) throw std::invalid_argument("event-counts: rate must be >= 0");
  io::nexmark::SourceOptions source;
  source.events = options.events;
  source.rate = static_cast<double>(options.rate);
  p | io::nexmark::GenerateEvents("Events", source) |
      WindowInto("Window", FixedWindows(options.window_ms)) |
      Map("Kind",
          [](const io::nexmark::Event& e) {
            return KV<std::string, int64_t>{kind_of(e), 1};
          }) |
      CombinePerKey("Count", combine::Sum<int64_t>{}) | ParDo("Format", FormatCount{}) |
      io::WriteToText("Write", options.output);
}

}  // namespace rill::examples::nexmark
