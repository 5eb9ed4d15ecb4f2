#include "io/read_from_text.hpp"

#include <filesystem>
#include <optional>

#include "graph/transforms/create.hpp"
#include "io/text/file_glob.hpp"
#include "io/text/text_range_reader.hpp"
#include "io/text/text_split.hpp"

namespace rill::io {
namespace {

// Opens its split on first use: a partition only opens the splits it reads. Its position is
// the offset of the first byte not yet consumed: a restored reader reads the split from
// there (a .gz split decompresses up to it).
class TextLineReader final : public SourceReader<std::string> {
 public:
  explicit TextLineReader(text::TextSplit split) : split_(std::move(split)) {}
  bool has_position() const override { return true; }
  void save_position(cereal::BinaryOutputArchive& ar) const override {
    ar(reader_ ? reader_->consumed_offset() : split_.start_offset);
  }
  void load_position(cereal::BinaryInputArchive& ar) override {
    uint64_t offset = 0;
    ar(offset);
    split_.start_offset = offset;
    reader_.reset();
  }
  // Bytes of the split not read yet; a compressed file's offsets count decompressed bytes,
  // whose total is unknown.
  int64_t backlog_bytes() const override {
    if (split_.compression != text::Compression::kUncompressed) return -1;
    if (reader_ && reader_->done()) return 0;
    uint64_t end = split_.end_offset;
    if (end == text::kEndOfContent) {
      if (!file_size_) {
        std::error_code ec;
        const auto n = std::filesystem::file_size(split_.path, ec);
        file_size_ = ec ? 0 : n;
      }
      end = *file_size_;
    }
    const uint64_t pos = reader_ ? reader_->consumed_offset() : split_.start_offset;
    return pos >= end ? 0 : static_cast<int64_t>(end - pos);
  }

 protected:
  bool read(Batch<std::string>& out, size_t max) override {
    if (!reader_) reader_.emplace(split_);
    lines_.clear();
    const size_t n = reader_->read_lines(lines_, max);
    out.reserve(out.size() + n);
    for (auto& l : lines_) out.push_back(WindowedValue<std::string>{std::move(l)});
    return n > 0;
  }

 private:
  text::TextSplit split_;
  std::optional<text::TextRangeReader> reader_;
  std::vector<std::string> lines_;
  mutable std::optional<uint64_t> file_size_;  // a whole-file split's end, once asked
};

class TextSource final : public SourceDef {
 public:
  explicit TextSource(std::vector<std::string> files) : files_(std::move(files)) {}
  std::vector<std::unique_ptr<SourceReaderBase>> split(int desired,
                                                       const OpContext&) const override {
    std::vector<std::unique_ptr<SourceReaderBase>> readers;
    for (auto& s : text::plan_splits(files_, desired))
      readers.push_back(std::make_unique<TextLineReader>(std::move(s)));
    return readers;
  }
  bool checkpointable() const override { return true; }
  std::vector<std::string> input_files() const override { return files_; }
  std::string describe() const override {
    std::string d = std::to_string(files_.size()) + " file(s):";
    for (const auto& f : files_) d += " '" + f + "'";
    return d;
  }

 private:
  std::vector<std::string> files_;
};

}  // namespace

PCollection<std::string> ReadFromText::expand_root(const std::shared_ptr<GraphDef>& g) {
  auto files = text::expand_glob(pattern);  // throws std::invalid_argument: no file matches
  return rill::detail::add_source<std::string>(g, name, "ReadFromText",
                                               std::make_shared<TextSource>(std::move(files)));
}

}  // namespace rill::io
