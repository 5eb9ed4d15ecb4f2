#include "io/text/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

namespace rill::io::text {

std::optional<OutputLock> OutputLock::try_take(const std::string& path, std::string* holder) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  for (;;) {
    int raw;
    do {
      raw = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    } while (raw < 0 && errno == EINTR);
    if (raw < 0) throw_file_error("cannot create the lock file", path, errno);
    FileDescriptor fd(raw);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK) throw_file_error("cannot lock", path, errno);
      if (holder) {
        char buf[128];
        const ssize_t n = ::pread(fd.get(), buf, sizeof buf - 1, 0);
        *holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "another process";
        while (!holder->empty() && holder->back() == '\n') holder->pop_back();
      }
      return std::nullopt;
    }
    struct stat held {
    }, named{};
    if (::fstat(fd.get(), &held) == 0 && ::stat(path.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      const std::string who = "pid " + std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd.get(), 0) == 0) write_all(fd, who.data(), who.size(), path);
      return OutputLock(path, std::move(fd));
    }
    // Unlinked by its releaser after we opened it: lock the file the path names now.
  }
}

OutputLock& OutputLock::operator=(OutputLock&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    fd_ = std::move(other.fd_);
  }
  return *this;
}

OutputLock::~OutputLock() {
  release();
}

void OutputLock::release() {
  if (!fd_.valid()) return;
  ::unlink(path_.c_str());  // while still held: see the header
  fd_.close();
}

}  // namespace rill::io::text
