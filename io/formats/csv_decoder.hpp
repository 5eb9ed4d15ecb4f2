#pragma once
// CsvDecoder<T>: one CSV record into a T by a CsvSchema, with the reason when it cannot be.
// Columns are found by position (the schema's order), or by name through a CsvColumnMap made
// from a file's header. One decoder per DoFn instance: it reuses its splitter's buffers.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/formats/csv_parser.hpp"
#include "io/formats/csv_schema.hpp"

namespace rill::io {

// How a CSV input starts.
enum class CsvHeader {
  kNone,    // no header: every record is data, columns in the schema's order
  kSkip,    // a header, skipped: columns in the schema's order
  kByName,  // a header naming the columns: found by name, in any order (ReadCsv only)
};

struct CsvOptions {
  char delimiter = ',';
  // Unset: each transform's default (ParseCsv kNone, ReadCsv kByName, as Beam's ReadFromCsv).
  std::optional<CsvHeader> header;
  // A malformed record fails the job (naming the step, the record and the reason) instead of
  // going to the dead-letter output.
  bool fail_on_malformed = false;
};

// Where each schema column is in the records of one file, read from its header.
struct CsvColumnMap {
  std::vector<int> field_of;  // per schema column: the field index, -1 when the file lacks it
  size_t fields = 0;          // how many fields the header has, so each record must have
  std::string error;          // non-empty: the header cannot serve the schema (why)
};

template <class T>
class CsvDecoder {
 public:
  CsvDecoder(CsvSchema<T> schema, char delimiter)
      : schema_(std::move(schema)), splitter_(delimiter) {}

  const CsvSchema<T>& schema() const { return schema_; }

  // The record's columns in the schema's order. Throws std::invalid_argument (the reason).
  T decode(std::string_view record) {
    const auto& fields = splitter_.split(record);
    if (fields.size() != schema_.size())
      throw std::invalid_argument("expected " + std::to_string(schema_.size()) + " fields (" +
                                  schema_.header(splitter_.delimiter()) + "), got " +
                                  std::to_string(fields.size()));
    T out{};
    for (size_t i = 0; i < schema_.size(); ++i) set(out, i, fields[i], i);
    return out;
  }

  // The record's columns where `map` found them.
  T decode(std::string_view record, const CsvColumnMap& map) {
    if (!map.error.empty()) throw std::invalid_argument(map.error);
    const auto& fields = splitter_.split(record);
    if (fields.size() != map.fields)
      throw std::invalid_argument("expected " + std::to_string(map.fields) +
                                  " fields as in the header, got " + std::to_string(fields.size()));
    T out{};
    for (size_t i = 0; i < schema_.size(); ++i)
      if (map.field_of[i] >= 0) set(out, i, fields[map.field_of[i]], map.field_of[i]);
    return out;
  }

  // Whether the record is the schema's header: its fields are the column names, in order.
  bool is_header(std::string_view record) {
    if (record.find(schema_.name(0)) == std::string_view::npos) return false;  // most lines
    const auto& fields = splitter_.split(record);
    if (fields.size() != schema_.size()) return false;
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].text != schema_.name(i)) return false;
    return true;
  }

  // The columns of a header record. A column the header lacks is an error unless
  // schema.may_be_missing(); a name twice is an error; columns the schema does not name are
  // read past.
  CsvColumnMap map_columns(std::string_view header) {
    CsvColumnMap map;
    map.field_of.assign(schema_.size(), -1);
    try {
      const auto& fields = splitter_.split(header);
      map.fields = fields.size();
      for (size_t i = 0; i < schema_.size(); ++i) {
        for (size_t f = 0; f < fields.size(); ++f) {
          if (fields[f].text != schema_.name(i)) continue;
          if (map.field_of[i] >= 0)
            throw std::invalid_argument("the header names column '" + schema_.name(i) + "' twice");
          map.field_of[i] = static_cast<int>(f);
        }
        if (map.field_of[i] < 0 && !schema_.may_be_missing(i))
          throw std::invalid_argument("the header has no column '" + schema_.name(i) + "'");
        if (schema_.ignored(i)) map.field_of[i] = -1;
      }
    } catch (const std::invalid_argument& e) {
      map.error = std::string("bad header: ") + e.what();
    }
    return map;
  }

 private:
  void set(T& out, size_t column, const CsvField& field, size_t index) const {
    try {
      schema_.parse(column, out, field);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("column '" + schema_.name(column) + "' (field " +
                                  std::to_string(index + 1) + "): " + e.what());
    }
  }

  CsvSchema<T> schema_;
  CsvSplitter splitter_;
};

}  // namespace rill::io
