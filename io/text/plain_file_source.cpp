#include "io/text/plain_file_source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace rill::io::text {

PlainFileSource::PlainFileSource(std::string path)
    : path_(std::move(path)), fd_(open_for_reading(path_)) {
  // A hint only: readahead suits the strictly forward scan of a text split.
  (void)::posix_fadvise(fd_.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
}

size_t PlainFileSource::read(char* dst, size_t max_bytes) {
  return read_up_to(fd_, dst, max_bytes, path_);
}

void PlainFileSource::seek_from_start(uint64_t offset) {
  if (::lseek(fd_.get(), static_cast<off_t>(offset), SEEK_SET) < 0) {
    throw_file_error("cannot seek in", path_, errno);
  }
}

}  // namespace rill::io::text
