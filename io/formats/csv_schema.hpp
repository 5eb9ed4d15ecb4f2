#pragma once
// CsvSchema<T>: which columns a CSV record has and which member of T each one fills, declared
// with member pointers, in the order of the columns:
//   struct Bid { int64_t auction; std::string bidder; double price; std::optional<std::string>
//   note; }; auto schema = rill::io::CsvSchema<Bid>{}
//                     .column("auction", &Bid::auction)
//                     .column("bidder", &Bid::bidder)
//                     .ignore("channel")             // a column read past, written empty
//                     .column("price", &Bid::price)
//                     .column("note", &Bid::note);   // optional: an empty field is nullopt
// A member is std::string, an integer, a floating-point number, bool, or std::optional of one
// of them (text_value.hpp says how each is read and written). T must be default-constructible:
// a record starts as T{} and each column sets its member.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/formats/csv_parser.hpp"
#include "io/formats/text_value.hpp"

namespace rill::io {

template <class T>
class CsvSchema {
 public:
  template <class M>
  CsvSchema& column(std::string name, M T::*member) {
    static_assert(detail::is_text_value_v<M>,
                  "rill::io::CsvSchema::column: the member must be std::string, an integer, a "
                  "floating-point number, bool, or std::optional of one of them");
    columns_.push_back(
        Column{std::move(name), detail::is_optional_v<M>,
               [member](T& v, const CsvField& f) { detail::parse_text_value(f, v.*member); },
               [member](const T& v, std::string& out, char delimiter) {
                 detail::format_text_value(out, v.*member, delimiter);
               }});
    return *this;
  }

  // A column of the records that no member takes: read past, written as an empty field.
  CsvSchema& ignore(std::string name) {
    columns_.push_back(Column{std::move(name), true, nullptr, nullptr});
    return *this;
  }

  size_t size() const { return columns_.size(); }
  const std::string& name(size_t i) const { return columns_[i].name; }
  bool ignored(size_t i) const { return !columns_[i].parse; }
  // A column that a file's header may lack (ReadCsv with CsvHeader::kByName): optional
  // members stay empty, ignored columns are not needed.
  bool may_be_missing(size_t i) const { return columns_[i].may_be_missing; }

  // Sets column i's member from `field`; throws std::invalid_argument saying what the text is
  // not (the caller adds which column).
  void parse(size_t i, T& out, const CsvField& field) const {
    if (columns_[i].parse) columns_[i].parse(out, field);
  }

  // The record of `v`, quoted where needed, without a line break.
  std::string format(const T& v, char delimiter = ',') const {
    std::string out;
    append(out, v, delimiter);
    return out;
  }
  void append(std::string& out, const T& v, char delimiter = ',') const {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out += delimiter;
      if (columns_[i].format) columns_[i].format(v, out, delimiter);
    }
  }

  // The header line: the column names, quoted where needed (for WriteToText::with_header).
  std::string header(char delimiter = ',') const {
    std::string out;
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out += delimiter;
      append_csv_field(out, columns_[i].name, delimiter);
    }
    return out;
  }

 private:
  struct Column {
    std::string name;
    bool may_be_missing;
    std::function<void(T&, const CsvField&)> parse;            // null: ignored
    std::function<void(const T&, std::string&, char)> format;  // null: ignored
  };
  std::vector<Column> columns_;
};

}  // namespace rill::io
