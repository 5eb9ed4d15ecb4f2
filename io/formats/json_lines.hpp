#pragma once
// JSON lines (one JSON object per line) on any text source or sink, through a JsonSchema<T>
// (json_schema.hpp):
//   auto [people, bad] = p | rill::io::ReadFromText("Read", "in/*.jsonl")
//                          | rill::io::ParseJsonLines("Parse", schema);
//   people | rill::io::FormatJsonLines("Format", schema) | rill::io::WriteToText("Write",
//   "out/people");
// A line that is not JSON, not an object, lacks a field the schema needs, or has a value of the
// wrong kind or out of range goes to the second output as a DeadLetter {step, reason, the
// line}, counted as malformed; with JsonLinesOptions::fail_on_malformed it fails the job.
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

#include "graph/transforms/dead_letter.hpp"
#include "graph/transforms/elementwise.hpp"
#include "graph/transforms/pardo.hpp"
#include "io/formats/json_schema.hpp"

namespace rill::io {

struct JsonLinesOptions {
  bool fail_on_malformed = false;
};

namespace detail {

template <class T>
struct ParseJsonLinesFn : DoFn<std::string, T, DeadLetter> {
  JsonSchema<T> schema;
  JsonLinesOptions options;
  std::string step;

  void process(const std::string& line, Emitter<T>& out, Emitter<DeadLetter>& dead) {
    try {
      out.emit(schema.parse(line));
    } catch (const std::invalid_argument& e) {
      if (options.fail_on_malformed)
        throw std::invalid_argument("malformed JSON line '" + line + "': " + e.what());
      dead.emit(DeadLetter{step, e.what(), line});
    }
  }
};

}  // namespace detail

template <class T>
struct ParseJsonLines {
  std::string name;
  JsonSchema<T> schema;
  JsonLinesOptions options;
  ParseJsonLines(std::string n, JsonSchema<T> s, JsonLinesOptions o = {})
      : name(std::move(n)), schema(std::move(s)), options(o) {}

  template <class In>
  std::tuple<PCollection<T>, PCollection<DeadLetter>> expand(const PCollection<In>& in) {
    static_assert(std::is_same_v<In, std::string>,
                  "rill::io::ParseJsonLines reads lines: apply it to a PCollection<std::string>");
    return ParDo(name, detail::ParseJsonLinesFn<T>{{}, schema, options, in.graph().qualified(name)})
        .expand(in);
  }
};

// Each element as one line of JSON.
template <class T>
struct FormatJsonLines {
  std::string name;
  JsonSchema<T> schema;
  FormatJsonLines(std::string n, JsonSchema<T> s) : name(std::move(n)), schema(std::move(s)) {}

  template <class In>
  PCollection<std::string> expand(const PCollection<In>& in) {
    static_assert(std::is_same_v<In, T>,
                  "rill::io::FormatJsonLines: the schema is for another type than the elements");
    return in | Map(name, [schema = schema](const T& v) { return schema.format(v); });
  }
};

}  // namespace rill::io
