#pragma once
// CSV on any text source or sink, through a CsvSchema<T> (csv_schema.hpp):
//   auto [bids, bad] = p | rill::io::ReadFromText("Read", "in/*.csv")
//                        | rill::io::ParseCsv("Parse", schema, {.header =
//                        rill::io::CsvHeader::kSkip});
//   bids | rill::io::FormatCsv("Format", schema)
//        | rill::io::WriteToText("Write", "out/bids", 0, ".csv").with_header(schema.header());
// ParseCsv takes each line as one record: a quoted field cannot hold a line break there (such
// a record is a dead letter saying so; ReadCsv, read_csv.hpp, reads them). With kSkip, a line
// whose fields are the schema's column names is dropped wherever it comes, so the header at
// the top of every file of a glob goes, however the files were split between readers; kByName
// needs to know which file a line is from: ReadCsv.
// A malformed record (a wrong number of fields, a value its column cannot take, bad quoting)
// goes to the second output as a DeadLetter {step, reason, the line}, counted as malformed in
// the step's counters; with CsvOptions::fail_on_malformed it fails the job instead.
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

#include "graph/transforms/dead_letter.hpp"
#include "graph/transforms/elementwise.hpp"
#include "graph/transforms/pardo.hpp"
#include "io/formats/csv_decoder.hpp"
#include "io/formats/csv_schema.hpp"

namespace rill::io {
namespace detail {

// Added to the reason of a record whose quotes are not closed: line by line, that is all one
// can tell.
inline constexpr const char* kQuotedLineBreakHint =
    " (a line break inside quotes ends the record when lines are read one by one: read such "
    "files with rill::io::ReadCsv)";

template <class T>
struct ParseCsvFn : DoFn<std::string, T, DeadLetter> {
  CsvDecoder<T> decoder;
  CsvOptions options;
  std::string step;
  bool skip_header = false;

  void process(const std::string& line, Emitter<T>& out, Emitter<DeadLetter>& dead) {
    try {
      if (skip_header && decoder.is_header(line)) return;
      out.emit(decoder.decode(line));
    } catch (const std::invalid_argument& e) {
      std::string reason = e.what();
      if (csv_record_open(line, options.delimiter)) reason += kQuotedLineBreakHint;
      if (options.fail_on_malformed)
        throw std::invalid_argument("malformed CSV record '" + line + "': " + reason);
      dead.emit(DeadLetter{step, std::move(reason), line});
    }
  }
};

}  // namespace detail

template <class T>
struct ParseCsv {
  std::string name;
  CsvSchema<T> schema;
  CsvOptions options;
  ParseCsv(std::string n, CsvSchema<T> s, CsvOptions o = {})
      : name(std::move(n)), schema(std::move(s)), options(o) {}

  template <class In>
  std::tuple<PCollection<T>, PCollection<DeadLetter>> expand(const PCollection<In>& in) {
    static_assert(std::is_same_v<In, std::string>,
                  "rill::io::ParseCsv reads lines: apply it to a PCollection<std::string>");
    if (schema.size() == 0)
      throw std::invalid_argument("rill::io::ParseCsv '" + name + "': the schema has no column");
    if (options.header == CsvHeader::kByName)
      throw std::invalid_argument("rill::io::ParseCsv '" + name +
                                  "': CsvHeader::kByName needs to know which file a line is "
                                  "from; use rill::io::ReadCsv");
    detail::ParseCsvFn<T> fn{{},
                             CsvDecoder<T>(schema, options.delimiter),
                             options,
                             in.graph().qualified(name),
                             options.header == CsvHeader::kSkip};
    return ParDo(name, std::move(fn)).expand(in);
  }
};

// Each element as one CSV record (no line break: quoted fields keep theirs inside quotes).
template <class T>
struct FormatCsv {
  std::string name;
  CsvSchema<T> schema;
  char delimiter;
  FormatCsv(std::string n, CsvSchema<T> s, char delim = ',')
      : name(std::move(n)), schema(std::move(s)), delimiter(delim) {}

  template <class In>
  PCollection<std::string> expand(const PCollection<In>& in) {
    static_assert(std::is_same_v<In, T>,
                  "rill::io::FormatCsv: the schema is for another type than the elements");
    CsvSplitter check(delimiter);  // refuses a delimiter that cannot be read back
    return in | Map(name, [schema = schema, delimiter = delimiter](const T& v) {
             return schema.format(v, delimiter);
           });
  }
};

}  // namespace rill::io
