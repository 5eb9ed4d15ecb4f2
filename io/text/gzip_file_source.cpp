#include "io/text/gzip_file_source.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <vector>

#include "io/text/file_descriptor.hpp"

namespace rill::io::text {
namespace {

constexpr size_t kCompressedChunkBytes = 256 * 1024;
constexpr int kGzipOnlyWindowBits = 16 + MAX_WBITS;

const char* zlib_code_name(int code) {
  switch (code) {
    case Z_NEED_DICT:
      return "Z_NEED_DICT";
    case Z_ERRNO:
      return "Z_ERRNO";
    case Z_STREAM_ERROR:
      return "Z_STREAM_ERROR";
    case Z_DATA_ERROR:
      return "Z_DATA_ERROR";
    case Z_MEM_ERROR:
      return "Z_MEM_ERROR";
    case Z_BUF_ERROR:
      return "Z_BUF_ERROR";
    case Z_VERSION_ERROR:
      return "Z_VERSION_ERROR";
    default:
      return "unknown zlib error";
  }
}

}  // namespace

constexpr uLong kGzipHeaderBytes = 10;  // the fixed part of a member's header

struct GzipFileSource::Inflater {
  std::string path;
  FileDescriptor fd;
  z_stream stream{};
  std::vector<unsigned char> compressed = std::vector<unsigned char>(kCompressedChunkBytes);
  bool file_exhausted = false;
  bool inside_member = false;  // bytes of a member were fed and its end not yet seen
  bool finished = false;
  int members_ended = 0;

  explicit Inflater(std::string p) : path(std::move(p)), fd(open_for_reading(path)) {
    int rc = inflateInit2(&stream, kGzipOnlyWindowBits);
    if (rc != Z_OK) fail("cannot start inflating", rc);
  }
  ~Inflater() { inflateEnd(&stream); }

  [[noreturn]] void fail(const std::string& what, int code, const char* detail = nullptr) const {
    if (detail == nullptr) detail = stream.msg ? stream.msg : zError(code);
    throw std::runtime_error(what + " gzip file '" + path + "': zlib " + zlib_code_name(code) +
                             " (" + std::string(detail) + ")");
  }

  // Returns false when the file has no more compressed bytes.
  bool refill_compressed() {
    if (file_exhausted) return false;
    size_t n = read_up_to(fd, reinterpret_cast<char*>(compressed.data()), compressed.size(), path);
    if (n == 0) {
      file_exhausted = true;
      return false;
    }
    stream.next_in = compressed.data();
    stream.avail_in = static_cast<uInt>(n);
    return true;
  }

  size_t read(char* dst, size_t max_bytes) {
    if (finished || max_bytes == 0) return 0;
    const uInt want = static_cast<uInt>(std::min<size_t>(max_bytes, UINT_MAX));
    stream.next_out = reinterpret_cast<Bytef*>(dst);
    stream.avail_out = want;
    while (stream.avail_out > 0) {
      if (stream.avail_in == 0 && !refill_compressed()) {
        if (inside_member && members_ended > 0 && stream.total_in < kGzipHeaderBytes)
          fail("corrupt", Z_DATA_ERROR,
               (std::to_string(stream.total_in) +
                " byte(s) after the end of its last member are not gzip data")
                   .c_str());
        // zlib cannot tell a cut file from one whose bytes were damaged: say both.
        if (inside_member)
          fail("truncated or corrupt", Z_BUF_ERROR, "the file ends inside compressed data");
        finished = true;
        break;
      }
      inside_member = true;
      int rc = inflate(&stream, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // End of one member; whatever follows must be another member (or nothing).
        inside_member = false;
        ++members_ended;
        if (inflateReset(&stream) != Z_OK) fail("cannot reset inflater for", Z_STREAM_ERROR);
        continue;
      }
      if (rc == Z_OK) continue;
      if (rc == Z_BUF_ERROR && stream.avail_in == 0) continue;  // needs more input
      fail("corrupt", rc);
    }
    return want - stream.avail_out;
  }
};

GzipFileSource::GzipFileSource(std::string path)
    : inflater_(std::make_unique<Inflater>(std::move(path))) {}

GzipFileSource::~GzipFileSource() = default;

size_t GzipFileSource::read(char* dst, size_t max_bytes) {
  return inflater_->read(dst, max_bytes);
}

void GzipFileSource::seek_from_start(uint64_t offset) {
  std::vector<char> discard(static_cast<size_t>(std::min<uint64_t>(offset, 1 << 16)));
  while (offset > 0) {
    size_t n = inflater_->read(discard.data(),
                               static_cast<size_t>(std::min<uint64_t>(offset, discard.size())));
    if (n == 0) return;
    offset -= n;
  }
}

}  // namespace rill::io::text
