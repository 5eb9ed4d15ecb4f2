#pragma once
// EventCounts: a streaming job. The Nexmark generator's events (unbounded unless `events` > 0,
// paced at `rate` events per second of wall time) are counted per fixed event-time window and
// kind; output lines "window_start_ms,window_end_ms,kind,count" (kind: person, auction, bid),
// each window's lines written once the watermark passes its end. Unbounded, it runs until it
// is drained (every window fires), stopped with a savepoint or cancelled:
//   rill run event-counts --output=out/counts --rate=2000 --rest-port=8081
//   rill jobs drain event-counts --endpoint=127.0.0.1:8081
// Event time advances 100 us per event (io/nexmark/source.hpp): at the default rate of 1000
// events/s a window of 1000 ms closes every 10 s of wall time.
#include <cstdint>
#include <string>

#include "rill.hpp"

namespace rill::examples::nexmark {

struct EventCountsOptions {
  std::string output;        // output prefix: files PREFIX-SSSSS-of-NNNNN
  uint64_t events = 0;       // 0: unbounded
  int64_t rate = 1000;       // events per second; 0: as fast as downstream takes them
  int64_t window_ms = 1000;  // fixed event-time windows, aligned to epoch 0
};

// Generate -> FixedWindows -> count per kind -> "start,end,kind,count" -> WriteToText.
// Throws std::invalid_argument for a negative rate or a window under 1 ms.
void build_event_counts(Pipeline& p, const EventCountsOptions& options);

}  // namespace rill::examples::nexmark
