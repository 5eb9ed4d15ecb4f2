#pragma once
// Helpers of the Nexmark tests: run a query on generated events through the runner, and
// compare results as sorted (window, encoded value) rows.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "graph/coder.hpp"
#include "rill.hpp"
#include "io/collect.hpp"
#include "io/nexmark/source.hpp"

namespace nexmark_test {

using namespace rill;
using namespace rill::io::nexmark;

// A window and a value's Cereal encoding: one comparable row per result.
using Row = std::tuple<Timestamp, Timestamp, std::string>;
using Rows = std::vector<Row>;

template <class T>
Rows rows_of(const std::vector<WindowedValue<T>>& elements) {
  Rows rows;
  for (const auto& e : elements) rows.emplace_back(e.window.start, e.window.end, encode(e.value));
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Collects what a reference loop emits.
struct RowSink {
  Rows rows;
  template <class T>
  void operator()(const T& value, const Window& w) {
    rows.emplace_back(w.start, w.end, encode(value));
  }
  Rows sorted() {
    std::sort(rows.begin(), rows.end());
    return rows;
  }
};

// A small stream: 5000 events 10 ms apart (50 s of event time: several 10 s windows).
inline SourceOptions small_stream(uint64_t events = 5000, uint64_t seed = 7) {
  SourceOptions o;
  o.events = events;
  o.generator.seed = seed;
  o.generator.inter_event_delay_us = 10'000;
  return o;
}

inline std::vector<Event> generate(const SourceOptions& o) {
  const EventGenerator gen(o.generator);
  std::vector<Event> events;
  events.reserve(o.events);
  for (uint64_t i = 0; i < o.events; ++i) events.push_back(gen.event(i));
  return events;
}

inline PipelineOptions options(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 128;
  return o;
}

// Runs build(events) on the generated stream; returns its elements.
template <class Build>
auto run_query(const SourceOptions& source, int parallelism, Build build) {
  Pipeline p{options(parallelism)};
  auto events = p | GenerateEvents("Events", source);
  auto out = build(events) | io::Collect("Out");
  const auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  return out->elements();
}

// The index of the first row that differs, for a readable failure.
inline std::string first_difference(const Rows& got, const Rows& want) {
  size_t k = 0;
  while (k < got.size() && k < want.size() && got[k] == want[k]) ++k;
  return "got " + std::to_string(got.size()) + " rows, expected " + std::to_string(want.size()) +
         "; first difference at row " + std::to_string(k);
}

}  // namespace nexmark_test
