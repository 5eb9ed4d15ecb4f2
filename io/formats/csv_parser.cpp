#include "io/formats/csv_parser.hpp"

#include <stdexcept>

namespace rill::io {
namespace {

[[noreturn]] void fail(size_t field, const char* what) {
  throw std::invalid_argument("field " + std::to_string(field) + ": " + what);
}

}  // namespace

CsvSplitter::CsvSplitter(char delimiter) : delimiter_(delimiter) {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
    throw std::invalid_argument("a CSV delimiter cannot be '\"', CR or LF");
}

const std::vector<CsvField>& CsvSplitter::split(std::string_view record) {
  fields_.clear();
  unescaped_.clear();
  unescaped_.reserve(record.size());  // never reallocated below: earlier views stay valid
  const size_t n = record.size();
  size_t i = 0;
  while (true) {
    const size_t number = fields_.size() + 1;
    if (i < n && record[i] == '"') {
      const size_t begin = ++i;
      size_t copied_from = begin;  // with a doubled quote: what is not in unescaped_ yet
      const size_t mark = unescaped_.size();
      bool doubled = false;
      size_t close;
      while (true) {
        close = record.find('"', i);
        if (close == std::string_view::npos) fail(number, "a quoted field is not closed");
        if (close + 1 < n && record[close + 1] == '"') {
          unescaped_.append(record.substr(copied_from, close + 1 - copied_from));
          copied_from = i = close + 2;
          doubled = true;
          continue;
        }
        break;
      }
      std::string_view text = record.substr(begin, close - begin);
      if (doubled) {
        unescaped_.append(record.substr(copied_from, close - copied_from));
        text = std::string_view(unescaped_).substr(mark);
      }
      fields_.push_back({text, true});
      i = close + 1;
      if (i == n) break;
      if (record[i] != delimiter_) fail(number, "text after the closing quote");
      ++i;
    } else {
      const size_t end = record.find(delimiter_, i);
      fields_.push_back({record.substr(i, end == std::string_view::npos ? n - i : end - i), false});
      if (end == std::string_view::npos) break;
      i = end + 1;
    }
  }
  return fields_;
}

void CsvQuoteScanner::feed(std::string_view text) {
  for (char c : text) {
    if (in_quotes_) {
      if (c == '"') in_quotes_ = false, closed_quote_ = true;
      continue;
    }
    if (closed_quote_ && c == '"') {  // "" inside quotes: still in them
      in_quotes_ = true;
      closed_quote_ = false;
      continue;
    }
    closed_quote_ = false;
    if (c == delimiter_) {
      at_field_start_ = true;
    } else {
      if (c == '"' && at_field_start_) in_quotes_ = true;
      at_field_start_ = false;
    }
  }
}

bool csv_record_open(std::string_view record, char delimiter) {
  CsvQuoteScanner scanner(delimiter);
  scanner.feed(record);
  return scanner.open();
}

void append_csv_field(std::string& out, std::string_view field, char delimiter, bool force_quotes) {
  const char special[] = {delimiter, '"', '\n', '\r'};
  const bool quote =
      force_quotes || field.find_first_of(std::string_view(special, 4)) != std::string_view::npos;
  if (!quote) {
    out.append(field);
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace rill::io
