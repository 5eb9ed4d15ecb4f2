#pragma once
// Timers of a stateful DoFn: named, per key and window, in event time (fire once the input
// watermark passes their timestamp) or processing time (fire once the wall clock reaches it).
// Setting a timer with a name that is already set replaces it. An event-time timer must fall
// before its window expires (max timestamp + allowed lateness); setting one later is an error.
#include <string>
#include <string_view>
#include <vector>

#include "windowing/window.hpp"

namespace rill {

enum class TimeDomain : uint8_t { kEventTime, kProcessingTime };

struct TimerSpec {
  std::string name;
  TimeDomain domain = TimeDomain::kEventTime;
  Timestamp timestamp = 0;
  uint64_t generation = 0;  // tells a live heap entry from a replaced one
  template <class A>
  void serialize(A& ar) {
    auto d = static_cast<uint8_t>(domain);
    ar(name, d, timestamp, generation);
    domain = static_cast<TimeDomain>(d);
  }
};

// What a DoFn uses to set and clear the timers of the current key and window.
class Timers {
 public:
  void set(std::string_view name, Timestamp t, TimeDomain domain = TimeDomain::kEventTime);
  void clear(std::string_view name);
  const TimerSpec* find(std::string_view name) const;

  // --- runtime side ---
  Timers(std::vector<TimerSpec>* timers, const Window* window, Timestamp expiry,
         uint64_t* generation)
      : timers_(timers), window_(window), expiry_(expiry), generation_(generation) {}
  // Timers set since the last call, to index in the runtime's heaps.
  std::vector<TimerSpec> take_new() { return std::move(fresh_); }

 private:
  std::vector<TimerSpec>* timers_;
  const Window* window_;
  Timestamp expiry_;
  uint64_t* generation_;
  std::vector<TimerSpec> fresh_;
};

// What on_timer() is told about the timer that fired.
template <class K>
struct TimerFiring {
  std::string_view name;
  const K& key;
  Window window;
  Timestamp timestamp;
  TimeDomain domain;
};

}  // namespace rill
