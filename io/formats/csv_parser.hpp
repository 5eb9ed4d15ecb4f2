#pragma once
// RFC 4180 records: splitting one into fields, and writing fields so that they split back.
//  - fields are separated by the delimiter (',' by default);
//  - a field that begins with '"' is quoted: it ends at the next '"' not doubled, "" stands
//    for one '"', and the delimiter, CR and LF are plain text inside it; after the closing
//    quote comes the delimiter or the end of the record, anything else is an error;
//  - a '"' inside an unquoted field is plain text (as Python's csv reads it);
//  - an empty record is one empty field.
// Splitting copies nothing but the fields that hold a doubled quote (unescaped into a buffer
// the splitter reuses), so a parser that reuses its splitter allocates nothing per record.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rill::io {

struct CsvField {
  std::string_view text;  // unescaped
  bool quoted = false;    // written in quotes: "" is an empty string, an empty field is absent
};

class CsvSplitter {
 public:
  // Throws std::invalid_argument for a delimiter that cannot separate fields ('"', CR, LF).
  explicit CsvSplitter(char delimiter = ',');

  // The fields of `record`, valid until the next call and while `record` lives. Throws
  // std::invalid_argument saying which field is wrong: a quoted field that is not closed, or
  // text after a closing quote.
  const std::vector<CsvField>& split(std::string_view record);

  char delimiter() const { return delimiter_; }

 private:
  char delimiter_;
  std::vector<CsvField> fields_;
  std::string unescaped_;  // reserved to the record's size first: views into it stay valid
};

// Follows the quoting of a record fed line by line, as CsvSplitter reads it, to tell whether
// it ends inside a quoted field so that the next line continues it (a line break in quotes).
// Incremental: a record of many lines is scanned once.
class CsvQuoteScanner {
 public:
  explicit CsvQuoteScanner(char delimiter) : delimiter_(delimiter) {}
  void feed(std::string_view text);
  bool open() const { return in_quotes_; }
  void reset() { in_quotes_ = closed_quote_ = false, at_field_start_ = true; }

 private:
  char delimiter_;
  bool in_quotes_ = false;
  bool closed_quote_ = false;  // the last character closed quotes, unless a '"' follows
  bool at_field_start_ = true;
};

// Whether `record` ends inside a quoted field (CsvQuoteScanner over the whole record).
bool csv_record_open(std::string_view record, char delimiter);

// Appends `field` as CsvSplitter reads it back: quoted (with '"' doubled) when it holds the
// delimiter, '"', CR or LF, or when `force_quotes`; as it is otherwise.
void append_csv_field(std::string& out, std::string_view field, char delimiter,
                      bool force_quotes = false);

}  // namespace rill::io
