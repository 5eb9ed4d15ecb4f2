#pragma once
// How one output (a set of files in one directory: a sink's shards, or a single file) goes
// from a job's temporaries to its final names without ever losing or half-publishing data:
// - begin(): before the job starts, take the output's lock (a live job holding it refuses
//   the run), finish a commit that a dead run left half done (its manifest says which renames
//   remain), delete the temporaries of dead runs, and refuse final names that exist but that
//   no manifest lists: rill replaces only files it can prove it wrote.
// - publish(): write the manifest kCommitting (new files, their temporaries, the previous
//   commit's files to delete), rename, delete, then write it kCommitted. A crash anywhere in
//   between is finished by the next begin(), so the set of final files is never partial once
//   a run has looked at it.
// - discard(): delete this run's temporaries (a failed or cancelled job).
// - end(): release the lock.
// Bookkeeping files sit beside the output, hidden: DIR/STEM.rill-manifest, DIR/STEM.rill-lock.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "io/text/output_lock.hpp"
#include "io/text/output_manifest.hpp"

namespace rill::io::text {

class OutputPublication {
 public:
  // For a file name in the output's directory: the token of the run that wrote it, if it is
  // one of this output's temporaries; else the empty string.
  using TempTokenOf = std::function<std::string(const std::string& name)>;

  // `display`: the output as the user named it, for messages; `dir`: its directory ("" for
  // the working directory);
  // `stem`: the hidden stem of its bookkeeping files (".counts.txt").
  OutputPublication(std::string display, std::string dir, std::string stem,
                    TempTokenOf temp_token_of);

  std::string manifest_path() const { return path_of(stem_ + ".rill-manifest"); }
  std::string lock_path() const { return path_of(stem_ + ".rill-lock"); }

  // `finals`: the file names (in the directory) this run will publish. Throws
  // std::invalid_argument when the run must not start (lock held, a foreign file in the
  // way), std::runtime_error on I/O errors or a damaged manifest.
  void begin(const std::string& token, const std::vector<std::string>& finals);
  // Renames temps[i] to finals[i] (names in the directory) as one commit; returns the final
  // paths. Throws std::runtime_error naming the file on any error (the manifest then lets
  // the next run finish the commit).
  std::vector<std::string> publish(const std::string& token, const std::vector<std::string>& temps,
                                   const std::vector<std::string>& finals);
  // The same, adding to what `token` published before instead of replacing it (output
  // published per checkpoint); a run's first such commit replaces an earlier run's files.
  std::vector<std::string> publish_more(const std::string& token,
                                        const std::vector<std::string>& temps,
                                        const std::vector<std::string>& finals);
  // Takes back files `token` published (those `which` selects): they are deleted, in one
  // commit; returns how many (0 when the output was last published by another run).
  size_t withdraw(const std::string& token, const std::function<bool(const std::string&)>& which);
  // Deletes the temporaries of `token`; returns how many.
  size_t discard(const std::string& token);
  void end() { lock_.reset(); }

  // DIR/NAME in the form the user gave the output (no "./" added to a relative name).
  std::string path_of(const std::string& name) const;
  std::string directory() const { return dir_.empty() ? "." : dir_; }

 private:
  std::vector<std::string> publish_as(const std::string& token,
                                      const std::vector<std::string>& temps,
                                      const std::vector<std::string>& finals, bool add);
  std::vector<std::string> commit(OutputManifest m, const std::vector<std::string>& temps,
                                  const std::vector<std::string>& finals);
  // Completes a kCommitting manifest: temps[i] becomes files[i] (files beyond temps were
  // published before).
  void finish_commit(OutputManifest& m);
  // The manifest, with a commit that was interrupted finished first.
  std::optional<OutputManifest> settled_manifest();
  void remove_temporaries(const std::function<bool(const std::string& token)>& dead);

  std::string display_, dir_, stem_;
  TempTokenOf temp_token_of_;
  std::optional<OutputLock> lock_;
};

}  // namespace rill::io::text
