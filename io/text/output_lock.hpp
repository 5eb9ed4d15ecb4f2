#pragma once
// An exclusive claim on one output by one live job: flock(2) on a hidden lock file beside the
// output. The kernel drops the lock when the holding process dies, however it dies, so a run
// that finds the lock free knows that no live job owns the output's temporaries.
//
// Lifetime: taken before the job starts (SinkFinalizer::prepare), held through its commit or
// abort, released at the job's end; releasing unlinks the file while still holding it.
// A taker re-checks after flock that the path still names the file it locked: a releaser may
// have unlinked it in between, and then the taker retries on the new file.
#include <optional>
#include <string>

#include "io/text/file_descriptor.hpp"

namespace rill::io::text {

class OutputLock {
 public:
  // Takes the lock at `path` (creating the file) without waiting. nullopt if another live
  // process holds it; then `holder` (if given) gets what the holder wrote ("pid 123").
  // Throws std::runtime_error naming the file when it cannot be created.
  static std::optional<OutputLock> try_take(const std::string& path, std::string* holder);

  OutputLock(OutputLock&&) noexcept = default;
  OutputLock& operator=(OutputLock&& other) noexcept;
  ~OutputLock();

  const std::string& path() const { return path_; }

 private:
  OutputLock(std::string path, FileDescriptor fd) : path_(std::move(path)), fd_(std::move(fd)) {}
  void release();

  std::string path_;
  FileDescriptor fd_;
};

}  // namespace rill::io::text
