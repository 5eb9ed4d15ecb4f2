#include "io/text/output_publication.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <system_error>

#include "io/text/file_descriptor.hpp"

namespace fs = std::filesystem;

namespace rill::io::text {
namespace {

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

void remove_file(const std::string& path, const char* what) {
  std::error_code ec;
  fs::remove(path, ec);
  if (ec)
    throw std::runtime_error(std::string("cannot remove ") + what + " '" + path +
                             "': " + ec.message());
}

}  // namespace

OutputPublication::OutputPublication(std::string display, std::string dir, std::string stem,
                                     TempTokenOf temp_token_of)
    : display_(std::move(display)),
      dir_(std::move(dir)),
      stem_(std::move(stem)),
      temp_token_of_(std::move(temp_token_of)) {}

std::string OutputPublication::path_of(const std::string& name) const {
  if (dir_.empty()) return name;
  return dir_.back() == '/' ? dir_ + name : dir_ + "/" + name;
}

void OutputPublication::begin(const std::string& token, const std::vector<std::string>& finals) {
  std::string holder;
  auto lock = OutputLock::try_take(lock_path(), &holder);
  if (!lock)
    throw std::invalid_argument("output '" + display_ + "' is being written by another running " +
                                "rill job (" + holder + ", lock '" + lock_path() +
                                "'); wait for it to end or choose another output");
  auto manifest = OutputManifest::read(manifest_path());
  if (manifest && manifest->state == OutputManifest::State::kCommitting) finish_commit(*manifest);
  // We hold the lock: every other run that wrote temporaries here is dead.
  remove_temporaries([&](const std::string& t) { return t != token; });
  for (const auto& name : finals)
    if (exists(path_of(name)) && !(manifest && manifest->lists(name)))
      throw std::invalid_argument(
          "output '" + display_ + "': '" + path_of(name) +
          "' exists and rill did not write it (no manifest lists it), so "
          "rill will not replace it; move it away or choose another output");
  lock_ = std::move(lock);  // on a throw above, the lock was released with `lock`
}

void OutputPublication::finish_commit(OutputManifest& m) {
  for (size_t i = 0; i < m.temps.size() && i < m.files.size(); ++i) {
    const std::string temp = path_of(m.temps[i]), final_path = path_of(m.files[i]);
    if (exists(temp)) {
      if (std::rename(temp.c_str(), final_path.c_str()) != 0)
        throw_file_error("cannot finish an interrupted commit: cannot rename '" + temp + "' to",
                         final_path, errno);
    } else if (!exists(final_path)) {
      throw std::runtime_error("output '" + display_ + "': an interrupted commit (manifest '" +
                               manifest_path() + "') cannot be finished: neither '" + temp +
                               "' nor '" + final_path + "' exists");
    }
  }
  for (const auto& old : m.remove)
    if (!m.lists(old)) remove_file(path_of(old), "a replaced output file");
  sync_directory(directory());
  m.state = OutputManifest::State::kCommitted;
  m.temps.clear();
  m.remove.clear();
  m.write(manifest_path());
}

std::vector<std::string> OutputPublication::publish(const std::string& token,
                                                    const std::vector<std::string>& temps,
                                                    const std::vector<std::string>& finals) {
  return publish_as(token, temps, finals, false);
}

std::vector<std::string> OutputPublication::publish_more(const std::string& token,
                                                         const std::vector<std::string>& temps,
                                                         const std::vector<std::string>& finals) {
  return publish_as(token, temps, finals, true);
}

std::vector<std::string> OutputPublication::publish_as(const std::string& token,
                                                       const std::vector<std::string>& temps,
                                                       const std::vector<std::string>& finals,
                                                       bool add) {
  for (const auto& t : temps)
    if (!exists(path_of(t)))
      throw std::runtime_error("cannot commit output '" + display_ + "': temporary file '" +
                               path_of(t) + "' is missing");
  const auto previous = settled_manifest();
  const std::set<std::string> listed =
      previous ? std::set<std::string>(previous->files.begin(), previous->files.end())
               : std::set<std::string>();
  for (const auto& name : finals)  // a file may have appeared since begin()
    if (exists(path_of(name)) && !listed.count(name))
      throw std::runtime_error("output '" + display_ + "': '" + path_of(name) +
                               "' appeared during the job and rill did not write it; nothing "
                               "was published");
  // Adding to this run's own output keeps what it published; anything else replaces it.
  const bool keep = add && previous && previous->token == token;
  const std::set<std::string> fresh(finals.begin(), finals.end());
  OutputManifest m;
  m.token = token;
  m.files = finals;  // first: finish_commit() pairs them with the temporaries
  if (previous)
    for (const auto& old : previous->files)
      if (!fresh.count(old)) (keep ? m.files : m.remove).push_back(old);
  return commit(std::move(m), temps, finals);
}

size_t OutputPublication::withdraw(const std::string& token,
                                   const std::function<bool(const std::string&)>& which) {
  auto previous = settled_manifest();
  if (!previous || previous->token != token) return 0;
  OutputManifest m;
  m.token = token;
  for (const auto& f : previous->files) (which(f) ? m.remove : m.files).push_back(f);
  const size_t n = m.remove.size();
  if (n > 0) commit(std::move(m), {}, {});
  return n;
}

std::optional<OutputManifest> OutputPublication::settled_manifest() {
  auto m = OutputManifest::read(manifest_path());
  if (m && m->state == OutputManifest::State::kCommitting) finish_commit(*m);
  return m;
}

std::vector<std::string> OutputPublication::commit(OutputManifest m,
                                                   const std::vector<std::string>& temps,
                                                   const std::vector<std::string>& finals) {
  m.state = OutputManifest::State::kCommitting;
  m.temps = temps;
  m.write(manifest_path());
  finish_commit(m);
  std::vector<std::string> paths;
  paths.reserve(finals.size());
  for (const auto& f : finals) paths.push_back(path_of(f));
  return paths;
}

void OutputPublication::remove_temporaries(
    const std::function<bool(const std::string& token)>& dead) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(directory(), ec)) {
    const std::string name = entry.path().filename().string();
    const std::string t = temp_token_of_(name);
    if (!t.empty() && dead(t)) remove_file(entry.path().string(), "temporary file");
  }
  // A missing directory holds no temporaries.
}

size_t OutputPublication::discard(const std::string& token) {
  size_t removed = 0;
  remove_temporaries([&](const std::string& t) {
    if (t != token) return false;
    ++removed;
    return true;
  });
  return removed;
}

}  // namespace rill::io::text
