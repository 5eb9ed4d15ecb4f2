#pragma once
// The records of CSV files with where they are: what ReadCsv parses. Each file is read whole
// by one reader (not cut into byte ranges) so that a record knows its line number and a quoted
// field may hold line breaks: a line that ends inside quotes is joined with the next one ('\n'
// between them; "\r\n" files read as "\n"). A record is joined up to kMaxCsvRecordBytes; an
// unclosed quote then ends it there (its parse fails: a dead letter) and reading goes on with
// the next line.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/source.hpp"

namespace rill::io {

inline constexpr size_t kMaxCsvRecordBytes = 1 << 20;

struct CsvRecord {
  uint32_t file = 0;  // index into the source's files
  uint64_t line = 0;  // the line the record starts on, from 1
  std::string text;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(file, line, text);
  }
};

namespace detail {

// One reader per file, in the order given; with `skip_header` each file's first record is not
// produced. Readers save their position (checkpoints).
std::shared_ptr<const SourceDef> csv_record_source(std::vector<std::string> files, char delimiter,
                                                   bool skip_header);

// The first record of `path` (its header), nullopt for an empty file. Throws
// std::runtime_error naming the file if it cannot be read.
std::optional<std::string> read_csv_header(const std::string& path, char delimiter);

}  // namespace detail
}  // namespace rill::io
