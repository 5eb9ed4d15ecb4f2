// libFuzzer target: one CSV record. The first byte picks the delimiter (',' ';' '\t' '|'), the
// rest is the record. It splits into fields or is rejected with std::invalid_argument (quotes
// left open, or text after a closing quote); csv_record_open agrees about open quotes; the
// fields written back split to the same fields; a typed schema decodes the record or says
// why, and what it decodes writes and decodes back to the same text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/formats/csv_decoder.hpp"
#include "io/formats/csv_parser.hpp"

namespace {

struct Row {
  std::string s;
  int64_t i = 0;
  double d = 0;
  bool b = false;
  std::optional<std::string> os;
  std::optional<int32_t> oi;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rill::io;
  if (size == 0) return 0;
  static const char kDelimiters[] = {',', ';', '\t', '|'};
  const char delim = kDelimiters[data[0] % 4];
  const std::string_view record(reinterpret_cast<const char*>(data) + 1, size - 1);

  CsvSplitter splitter(delim);
  std::vector<std::string> fields;
  std::vector<bool> quoted;
  try {
    for (const auto& f : splitter.split(record)) {
      fields.emplace_back(f.text);
      quoted.push_back(f.quoted);
    }
  } catch (const std::invalid_argument& e) {
    // Quotes left open are what csv_record_open reports (it may also see them after a field
    // that the splitter refused first).
    const bool open = std::string_view(e.what()).ends_with("a quoted field is not closed");
    if (open && !csv_record_open(record, delim)) std::abort();
    return 0;
  }
  if (csv_record_open(record, delim) || fields.empty()) std::abort();

  std::string again;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) again += delim;
    append_csv_field(again, fields[i], delim, quoted[i] && fields[i].empty());
  }
  const auto& back = splitter.split(again);
  if (back.size() != fields.size()) std::abort();
  for (size_t i = 0; i < fields.size(); ++i)
    if (back[i].text != fields[i] || (fields[i].empty() && back[i].quoted != quoted[i]))
      std::abort();

  const auto schema = CsvSchema<Row>{}
                          .column("s", &Row::s)
                          .column("i", &Row::i)
                          .column("d", &Row::d)
                          .column("b", &Row::b)
                          .column("os", &Row::os)
                          .column("oi", &Row::oi);
  CsvDecoder<Row> decoder(schema, delim);
  Row row;
  try {
    row = decoder.decode(record);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const std::string text = schema.format(row, delim);
  if (schema.format(decoder.decode(text), delim) != text) std::abort();
  return 0;
}
