#pragma once
// The record, kept beside an output, of which files rill published there: the proof of
// ownership that lets a later run replace or remove them (rill never touches a file that no
// manifest lists), and the commit log that makes publishing N files all-or-nothing.
//
// Lifetime: written kCommitting (with the renames to do and the old files to remove) before
// the first rename of a commit; rewritten kCommitted once the renames are done. A run that
// finds it kCommitting (the committer died) finishes that commit before anything else. It is
// only ever replaced by rename, so a reader sees the old or the new one, never a mix; a CRC
// over its text catches a damaged file, which is reported, never trusted.
#include <optional>
#include <string>
#include <vector>

namespace rill::io::text {

struct OutputManifest {
  enum class State { kCommitting, kCommitted };
  State state = State::kCommitted;
  std::string token;               // the run that published (or is publishing) the files
  std::vector<std::string> files;  // final file names in the output's directory
  // kCommitting: temps[i] is renamed to files[i]; the files after them were published before
  // (a commit that adds to the output).
  std::vector<std::string> temps;
  std::vector<std::string> remove;  // kCommitting: the previous commit's files not in `files`

  // nullopt when there is no manifest at `path`. Throws std::runtime_error naming the file
  // when it is unreadable or damaged.
  static std::optional<OutputManifest> read(const std::string& path);
  // Atomically replaces the manifest at `path`: a temporary beside it, fsync, rename, and an
  // fsync of the directory. Throws std::runtime_error naming the file.
  void write(const std::string& path) const;

  bool lists(const std::string& file_name) const;
};

}  // namespace rill::io::text
