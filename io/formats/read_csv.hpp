#pragma once
// ReadCsv: the records of a CSV file or glob (".gz" read transparently) as T, through a
// CsvSchema<T>, with a dead-letter output:
//   auto [bids, bad] = p | rill::io::ReadCsv("Bids", "in/bids-*.csv", schema);
//   bad | rill::Map("AsJson", rill::to_json_line) | rill::io::WriteToFile("Bad", "out/bad.json");
// Unlike ReadFromText | ParseCsv, it knows the file and line of each record, so:
//  - every file's header is used (CsvHeader::kByName, the default: columns found by name, in
//    any order, a file's extra columns read past, a missing optional column left empty) or
//    skipped (kSkip), or there is none (kNone);
//  - a quoted field may hold line breaks (RFC 4180);
//  - a dead letter's reason starts with "FILE:LINE: ".
// It reads each file whole, one reader per file (csv_records.hpp): parallelism comes from the
// number of files. A bad header (a required column missing, a name twice) makes every record
// of that file a dead letter saying so.
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "graph/pipeline.hpp"
#include "graph/transforms/create.hpp"
#include "graph/transforms/dead_letter.hpp"
#include "graph/transforms/pardo.hpp"
#include "io/formats/csv_decoder.hpp"
#include "io/formats/csv_format.hpp"
#include "io/formats/csv_records.hpp"

namespace rill::io {
namespace detail {

// The files of a glob (throws std::invalid_argument when none matches).
std::vector<std::string> csv_input_files(const std::string& pattern);

template <class T>
struct ReadCsvFn : DoFn<CsvRecord, T, DeadLetter> {
  CsvDecoder<T> decoder;
  CsvOptions options;
  std::string step;
  std::shared_ptr<const std::vector<std::string>> files;
  std::unordered_map<uint32_t, CsvColumnMap> maps;  // kByName: per file, read on first use

  void process(const CsvRecord& r, Emitter<T>& out, Emitter<DeadLetter>& dead) {
    try {
      if (options.header == CsvHeader::kByName)
        out.emit(decoder.decode(r.text, map_for(r.file)));
      else
        out.emit(decoder.decode(r.text));
    } catch (const std::invalid_argument& e) {
      std::string reason = (*files)[r.file] + ":" + std::to_string(r.line) + ": " + e.what();
      if (options.fail_on_malformed)
        throw std::invalid_argument("malformed CSV record '" + r.text + "' at " + reason);
      dead.emit(DeadLetter{step, std::move(reason), r.text});
    }
  }

  // The file's header is read here, not passed along by the source: a reader restored from a
  // checkpoint mid-file has left it behind.
  const CsvColumnMap& map_for(uint32_t file) {
    auto it = maps.find(file);
    if (it != maps.end()) return it->second;
    const auto header = read_csv_header((*files)[file], options.delimiter);
    CsvColumnMap map;
    if (header)
      map = decoder.map_columns(*header);
    else
      map.error = "no header";
    return maps.emplace(file, std::move(map)).first->second;
  }
};

}  // namespace detail

template <class T>
struct ReadCsv {
  std::string name;
  std::string pattern;
  CsvSchema<T> schema;
  CsvOptions options;
  ReadCsv(std::string n, std::string glob, CsvSchema<T> s, CsvOptions o = {})
      : name(std::move(n)), pattern(std::move(glob)), schema(std::move(s)), options(o) {}

  std::tuple<PCollection<T>, PCollection<DeadLetter>> expand_root(
      const std::shared_ptr<GraphDef>& g) {
    if (schema.size() == 0)
      throw std::invalid_argument("rill::io::ReadCsv '" + name + "': the schema has no column");
    CsvOptions o = options;
    o.header = options.header.value_or(CsvHeader::kByName);
    auto files = std::make_shared<const std::vector<std::string>>(detail::csv_input_files(pattern));
    const std::string step = g->qualified(name);
    StepScope scope(*g, name);
    auto records = rill::detail::add_source<CsvRecord>(
        g, "Read", "ReadCsv",
        detail::csv_record_source(*files, o.delimiter, *o.header != CsvHeader::kNone));
    return ParDo("Parse",
                 detail::ReadCsvFn<T>{{}, CsvDecoder<T>(schema, o.delimiter), o, step, files, {}})
        .expand(records);
  }
};

}  // namespace rill::io
