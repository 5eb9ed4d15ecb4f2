#include "io/formats/csv_records.hpp"

#include "io/formats/csv_parser.hpp"
#include "io/formats/read_csv.hpp"
#include "io/text/file_glob.hpp"
#include "io/text/text_range_reader.hpp"

namespace rill::io::detail {
namespace {

// Reads the next record into `text` (joining lines while inside quotes); returns how many
// lines it took, 0 at the end.
uint64_t next_record(text::TextRangeReader& reader, CsvQuoteScanner& scanner, std::string& text) {
  std::string_view line;
  if (!reader.next_line(line)) return 0;
  text.assign(line);
  scanner.reset();
  scanner.feed(line);
  uint64_t lines = 1;
  while (scanner.open() && text.size() <= kMaxCsvRecordBytes && reader.next_line(line)) {
    text += '\n';
    text.append(line);
    scanner.feed("\n");
    scanner.feed(line);
    ++lines;
  }
  return lines;
}

// Its position is (offset of the next record, its line number): a restored reader opens the
// file there (TextRangeReader keeps a line that starts right after a '\n').
class CsvRecordReader final : public SourceReader<CsvRecord> {
 public:
  CsvRecordReader(uint32_t file, std::string path, char delimiter, bool skip_header)
      : file_(file), path_(std::move(path)), scanner_(delimiter), skip_header_(skip_header) {}
  bool has_position() const override { return true; }
  void save_position(cereal::BinaryOutputArchive& ar) const override { ar(offset_, next_line_); }
  void load_position(cereal::BinaryInputArchive& ar) override {
    ar(offset_, next_line_);
    reader_.reset();
  }

 protected:
  bool read(Batch<CsvRecord>& out, size_t max) override {
    if (!reader_) {
      auto split = text::TextSplit::whole_file(path_);
      split.start_offset = offset_;
      reader_.emplace(split);
      if (offset_ == 0 && skip_header_) advance(text_);
    }
    for (size_t n = 0; n < max; ++n) {
      const uint64_t line = next_line_;
      if (!advance(text_)) return false;
      out.push_back(WindowedValue<CsvRecord>{CsvRecord{file_, line, text_}});
    }
    return true;
  }

 private:
  bool advance(std::string& text) {
    const uint64_t lines = next_record(*reader_, scanner_, text);
    if (lines == 0) return false;
    next_line_ += lines;
    offset_ = reader_->consumed_offset();
    return true;
  }

  uint32_t file_;
  std::string path_;
  CsvQuoteScanner scanner_;
  bool skip_header_;
  uint64_t offset_ = 0;
  uint64_t next_line_ = 1;
  std::optional<text::TextRangeReader> reader_;
  std::string text_;  // reused: a record's string is allocated once, at its copy into the batch
};

class CsvRecordSource final : public SourceDef {
 public:
  CsvRecordSource(std::vector<std::string> files, char delimiter, bool skip_header)
      : files_(std::move(files)), delimiter_(delimiter), skip_header_(skip_header) {}
  std::vector<std::unique_ptr<SourceReaderBase>> split(int, const OpContext&) const override {
    std::vector<std::unique_ptr<SourceReaderBase>> readers;
    for (size_t i = 0; i < files_.size(); ++i)
      readers.push_back(std::make_unique<CsvRecordReader>(static_cast<uint32_t>(i), files_[i],
                                                          delimiter_, skip_header_));
    return readers;
  }
  bool checkpointable() const override { return true; }
  std::vector<std::string> input_files() const override { return files_; }
  std::string describe() const override {
    std::string d = "CSV (delimiter '" + std::string(1, delimiter_) + "'" +
                    (skip_header_ ? ", header" : "") + ") " + std::to_string(files_.size()) +
                    " file(s):";
    for (const auto& f : files_) d += " '" + f + "'";
    return d;
  }

 private:
  std::vector<std::string> files_;
  char delimiter_;
  bool skip_header_;
};

}  // namespace

std::shared_ptr<const SourceDef> csv_record_source(std::vector<std::string> files, char delimiter,
                                                   bool skip_header) {
  if (files.size() > UINT32_MAX) throw std::invalid_argument("ReadCsv: too many files");
  return std::make_shared<CsvRecordSource>(std::move(files), delimiter, skip_header);
}

std::vector<std::string> csv_input_files(const std::string& pattern) {
  return text::expand_glob(pattern);
}

std::optional<std::string> read_csv_header(const std::string& path, char delimiter) {
  text::TextRangeReader reader(text::TextSplit::whole_file(path));
  CsvQuoteScanner scanner(delimiter);
  std::string header;
  if (next_record(reader, scanner, header) == 0) return std::nullopt;
  return header;
}

}  // namespace rill::io::detail
