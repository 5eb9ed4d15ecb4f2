#include "io/text/text_range_reader.hpp"

#include <algorithm>
#include <cstring>

#include "io/text/byte_source.hpp"

namespace rill::io::text {

TextRangeReader::TextRangeReader(TextSplit split, size_t buffer_bytes)
    : split_(std::move(split)),
      source_(open_byte_source(split_.path, split_.compression)),
      buffer_(std::max<size_t>(buffer_bytes, 1)),
      buffer_offset_(split_.start_offset) {}

TextRangeReader::~TextRangeReader() = default;
TextRangeReader::TextRangeReader(TextRangeReader&&) noexcept = default;
TextRangeReader& TextRangeReader::operator=(TextRangeReader&&) noexcept = default;

uint64_t TextRangeReader::consumed_offset() const {
  return buffer_offset_ + begin_;
}

bool TextRangeReader::done() const {
  return done_;
}

bool TextRangeReader::fill_buffer() {
  if (content_exhausted_) return false;
  // Keep the unconsumed tail (a partial line) and move it to the front.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    buffer_offset_ += begin_;
    scanned_ -= begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // one line fills it
  size_t n = source_->read(buffer_.data() + end_, buffer_.size() - end_);
  if (n == 0) {
    content_exhausted_ = true;
    return false;
  }
  end_ += n;
  return true;
}

// Consumes bytes up to and including the first '\n' at or after start_offset - 1.
// Returns false if the content ends first (no line starts in this split).
bool TextRangeReader::skip_partial_first_line() {
  source_->seek_from_start(split_.start_offset - 1);
  buffer_offset_ = split_.start_offset - 1;
  for (;;) {
    const char* base = buffer_.data();
    const void* nl = std::memchr(base + begin_, '\n', end_ - begin_);
    if (nl != nullptr) {
      begin_ = scanned_ = static_cast<const char*>(nl) - base + 1;
      return true;
    }
    begin_ = scanned_ = end_;  // all of it belongs to the previous split
    if (!fill_buffer()) return false;
  }
}

std::string_view TextRangeReader::line_view(size_t begin, size_t end) const {
  if (end > begin && buffer_[end - 1] == '\r') --end;
  return std::string_view(buffer_.data() + begin, end - begin);
}

bool TextRangeReader::start() {
  started_ = true;
  if (split_.start_offset >= split_.end_offset) return false;
  if (split_.start_offset > 0) return skip_partial_first_line();
  source_->seek_from_start(0);
  return true;
}

bool TextRangeReader::next_line(std::string_view& line) {
  if (done_) return false;
  if (!started_ && !start()) {
    done_ = true;
    return false;
  }
  for (;;) {
    if (consumed_offset() >= split_.end_offset) break;  // the next line starts in a later split
    const char* base = buffer_.data();
    const void* nl = std::memchr(base + scanned_, '\n', end_ - scanned_);
    if (nl != nullptr) {
      const size_t line_end = static_cast<size_t>(static_cast<const char*>(nl) - base);
      line = line_view(begin_, line_end);
      begin_ = scanned_ = line_end + 1;
      return true;
    }
    scanned_ = end_;
    if (fill_buffer()) continue;
    if (end_ > begin_) {  // a last line without '\n'
      line = line_view(begin_, end_);
      begin_ = scanned_ = end_;
      done_ = true;  // nothing follows it
      return true;
    }
    break;
  }
  done_ = true;
  return false;
}

size_t TextRangeReader::read_lines(std::vector<std::string>& out, size_t max_lines) {
  size_t count = 0;
  std::string_view line;
  while (count < max_lines && next_line(line)) {
    out.emplace_back(line);
    ++count;
  }
  return count;
}

}  // namespace rill::io::text
