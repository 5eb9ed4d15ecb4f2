#pragma once
// Reads the lines of one TextSplit, with the rule Beam's TextIO and Hadoop use so that
// splits of one file share its lines exactly:
//  - a line belongs to the split in which its first byte lies;
//  - a split starting at offset > 0 therefore skips everything up to and including the
//    first '\n' at or after offset - 1 (that partial line belongs to the previous split;
//    if byte offset - 1 is itself '\n', the line starting at offset is kept);
//  - the last line of a split may run past end_offset; it is read to its end.
// Lines are separated by '\n'; one trailing '\r' per line is dropped ("\r\n" files read
// like "\n" files); a last line without '\n' is returned; an empty file yields nothing.
// A .gz split is decompressed on the fly (see GzipFileSource); its offsets count
// uncompressed bytes.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/text/text_split.hpp"

namespace rill::io::text {

class ByteSource;

class TextRangeReader {
 public:
  static constexpr size_t kDefaultBufferBytes = 1 << 20;

  // Opens the file (throws std::runtime_error naming it if that fails); reading starts
  // with the first read_lines call. The buffer grows past `buffer_bytes` only to hold a
  // single line longer than it.
  explicit TextRangeReader(TextSplit split, size_t buffer_bytes = kDefaultBufferBytes);
  ~TextRangeReader();
  TextRangeReader(TextRangeReader&&) noexcept;
  TextRangeReader& operator=(TextRangeReader&&) noexcept;

  // Appends up to `max_lines` lines of the split to `out`; returns how many, 0 once the
  // split is exhausted (and on every later call).
  size_t read_lines(std::vector<std::string>& out, size_t max_lines);

  // The next line of the split, as a view into the reader's buffer that stays valid until
  // the next call on this reader; false once the split is exhausted. Lets a caller copy a
  // line into storage it reuses (std::string::assign) instead of a new string per line.
  bool next_line(std::string_view& line);

  // Offset of the first byte not yet consumed: before any read, the split's start; after
  // a line was returned, the offset just past its '\n' (the start of the next line). A
  // reader for TextSplit{path, consumed_offset(), end_offset} continues exactly where this
  // one stands, which is what a checkpoint needs. At the end it is >= end_offset or the
  // content length.
  uint64_t consumed_offset() const;
  bool done() const;
  const TextSplit& split() const { return split_; }

 private:
  bool start();  // false if no line starts in the split
  bool skip_partial_first_line();
  bool fill_buffer();                                          // false at end of content
  std::string_view line_view(size_t begin, size_t end) const;  // drops one trailing '\r'

  TextSplit split_;
  std::unique_ptr<ByteSource> source_;
  std::vector<char> buffer_;
  size_t begin_ = 0;            // next unconsumed byte in buffer_
  size_t scanned_ = 0;          // bytes in [begin_, scanned_) hold no '\n'
  size_t end_ = 0;              // bytes in buffer_ are [0, end_)
  uint64_t buffer_offset_ = 0;  // content offset of buffer_[0]
  bool started_ = false;
  bool content_exhausted_ = false;
  bool done_ = false;
};

}  // namespace rill::io::text
