#include "exec/checkpoint_store.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cereal/archives/binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace rill {
namespace {

constexpr char kStateMagic[8] = {'R', 'I', 'L', 'L', 'S', 'T', 'A', 'T'};
constexpr char kMetaMagic[8] = {'R', 'I', 'L', 'L', 'M', 'E', 'T', 'A'};
constexpr uint32_t kFormat = 1;
constexpr size_t kHeader = 8 + 4 + 8 + 4;  // magic, format, length, crc

uint32_t crc_of(const std::string& bytes) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  const auto* p = reinterpret_cast<const Bytef*>(bytes.data());
  for (size_t off = 0; off < bytes.size();) {  // zlib takes 32-bit lengths
    const uInt n = static_cast<uInt>(std::min<size_t>(bytes.size() - off, 1u << 30));
    crc = ::crc32(crc, p + off, n);
    off += n;
  }
  return static_cast<uint32_t>(crc);
}

template <class T>
void put(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

template <class T>
T get(const std::string& in, size_t at) {
  T v;
  std::memcpy(&v, in.data() + at, sizeof(T));
  return v;
}

std::string frame(const char (&magic)[8], const std::string& payload, uint32_t* crc) {
  std::string out(magic, 8);
  put<uint32_t>(out, kFormat);
  put<uint64_t>(out, payload.size());
  *crc = crc_of(payload);
  put<uint32_t>(out, *crc);
  out += payload;
  return out;
}

std::string unframe(const char (&magic)[8], const std::string& path, const std::string& bytes,
                    uint32_t* crc) {
  auto bad = [&](const std::string& why) {
    return CorruptCheckpoint("checkpoint file '" + path + "' is damaged: " + why);
  };
  if (bytes.size() < kHeader || std::memcmp(bytes.data(), magic, 8) != 0)
    throw bad("not a rill checkpoint file");
  if (get<uint32_t>(bytes, 8) != kFormat)
    throw bad("format " + std::to_string(get<uint32_t>(bytes, 8)) + ", this rill reads " +
              std::to_string(kFormat));
  const uint64_t length = get<uint64_t>(bytes, 12);
  if (bytes.size() - kHeader != length)
    throw bad("it holds " + std::to_string(bytes.size() - kHeader) +
              " bytes of state, its header says " + std::to_string(length) + " (truncated?)");
  std::string payload = bytes.substr(kHeader);
  *crc = crc_of(payload);
  if (*crc != get<uint32_t>(bytes, 20)) throw bad("checksum mismatch");
  return payload;
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw std::runtime_error(what + " '" + path + "': " + std::strerror(errno));
}

void sync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open directory", dir);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  errno = err;
  if (rc < 0 && errno != EINVAL) fail("cannot sync directory", dir);
}

// Writes `bytes` to `path` durably: a temporary beside it, fsync, rename, fsync of the
// directory, so that the file is either absent or whole after a crash.
void write_durably(const std::string& path, const std::string& bytes) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot create", temp);
  for (size_t off = 0; off < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      errno = err;
      fail("cannot write", temp);
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) < 0) {
    const int err = errno;
    ::close(fd);
    errno = err;
    fail("cannot sync", temp);
  }
  if (::close(fd) < 0) fail("cannot close", temp);
  if (std::rename(temp.c_str(), path.c_str()) != 0) fail("cannot rename to", path);
  sync_dir(fs::path(path).parent_path().string());
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CorruptCheckpoint("checkpoint file '" + path + "' cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

bool parse_id(const std::string& name, uint64_t* id) {
  if (name.rfind("chk-", 0) != 0 || name.size() == 4) return false;
  uint64_t v = 0;
  for (size_t i = 4; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return false;
    v = v * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  *id = v;
  return true;
}

}  // namespace

std::string CheckpointStore::checkpoint_dir(uint64_t id) const {
  return (fs::path(dir_) / ("chk-" + std::to_string(id))).string();
}

PartitionStateFile CheckpointStore::write_partition(uint64_t id, int stage, int partition,
                                                    const std::string& state) const {
  const std::string dir = checkpoint_dir(id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create '" + dir + "': " + ec.message());
  PartitionStateFile f;
  f.stage = stage;
  f.partition = partition;
  f.file = "s" + std::to_string(stage) + "-p" + std::to_string(partition) + ".state";
  const std::string framed = frame(kStateMagic, state, &f.crc);
  f.bytes = framed.size();
  write_durably((fs::path(dir) / f.file).string(), framed);
  return f;
}

std::string CheckpointStore::read_partition(uint64_t id, const PartitionStateFile& f) const {
  return read_state_file(checkpoint_dir(id), f);
}

std::string read_state_file(const std::string& dir, const PartitionStateFile& f) {
  const std::string path = (fs::path(dir) / f.file).string();
  const std::string bytes = read_whole(path);
  if (bytes.size() != f.bytes)
    throw CorruptCheckpoint("checkpoint file '" + path +
                            "' is damaged: " + std::to_string(bytes.size()) +
                            " bytes, the metadata says " + std::to_string(f.bytes));
  uint32_t crc = 0;
  std::string state = unframe(kStateMagic, path, bytes, &crc);
  if (crc != f.crc)
    throw CorruptCheckpoint("checkpoint file '" + path +
                            "' is damaged: not the state the metadata recorded");
  return state;
}

void CheckpointStore::write_metadata(const CheckpointMetadata& m) const {
  std::ostringstream os(std::ios::binary);
  {
    cereal::BinaryOutputArchive ar(os);
    ar(m);
  }
  uint32_t crc = 0;
  const std::string dir = checkpoint_dir(m.id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  write_durably((fs::path(dir) / "_metadata").string(), frame(kMetaMagic, os.str(), &crc));
  sync_dir(dir_);  // chk-N itself survives a power cut once complete
}

namespace {
CheckpointMetadata read_metadata_file(const std::string& dir) {
  const std::string path = (fs::path(dir) / "_metadata").string();
  uint32_t crc = 0;
  const std::string payload = unframe(kMetaMagic, path, read_whole(path), &crc);
  CheckpointMetadata m;
  try {
    std::istringstream is(payload, std::ios::binary);
    cereal::BinaryInputArchive ar(is);
    ar(m);
  } catch (const std::exception& e) {
    throw CorruptCheckpoint("checkpoint metadata '" + path + "' cannot be decoded: " + e.what());
  }
  m.directory = dir;
  return m;
}
}  // namespace

CheckpointMetadata read_savepoint(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(fs::path(dir) / "_metadata", ec))
    throw std::invalid_argument("'" + dir + "' is no savepoint (it has no _metadata)");
  CheckpointMetadata m = read_metadata_file(dir);
  for (const auto& f : m.partitions)
    if (!f.file.empty()) read_state_file(dir, f);
  return m;
}

void copy_checkpoint(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (fs::exists(to, ec))
    throw std::runtime_error("the savepoint directory '" + to + "' exists already");
  fs::create_directories(to, ec);
  if (ec) throw std::runtime_error("cannot create '" + to + "': " + ec.message());
  // _metadata last: a copy cut short has none, so it is never taken for a savepoint.
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(from))
    if (e.path().filename() != "_metadata") files.push_back(e.path());
  files.push_back(fs::path(from) / "_metadata");
  for (const auto& f : files) {
    if (f.extension() == ".tmp") continue;  // a write cut short
    write_durably((fs::path(to) / f.filename()).string(), read_whole(f));
  }
  sync_dir(fs::path(to).parent_path().empty() ? "." : fs::path(to).parent_path().string());
}

CheckpointMetadata CheckpointStore::read_metadata(uint64_t id) const {
  const std::string path = (fs::path(checkpoint_dir(id)) / "_metadata").string();
  CheckpointMetadata m = read_metadata_file(checkpoint_dir(id));
  if (m.id != id)
    throw CorruptCheckpoint("checkpoint metadata '" + path + "' names checkpoint " +
                            std::to_string(m.id));
  return m;
}

std::vector<uint64_t> CheckpointStore::list() const {
  std::vector<uint64_t> ids;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    uint64_t id = 0;
    if (e.is_directory() && parse_id(e.path().filename().string(), &id)) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::optional<CheckpointMetadata> CheckpointStore::latest_complete(
    std::vector<std::string>* problems) const {
  const auto ids = list();
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    std::error_code ec;
    if (!fs::exists(fs::path(checkpoint_dir(*it)) / "_metadata", ec)) continue;  // incomplete
    try {
      CheckpointMetadata m = read_metadata(*it);
      for (const auto& f : m.partitions)
        if (!f.file.empty()) read_partition(*it, f);
      return m;
    } catch (const CorruptCheckpoint& e) {
      if (problems)
        problems->push_back(std::string(e.what()) + "; checkpoint " + std::to_string(*it) +
                            " skipped");
    }
  }
  return std::nullopt;
}

void CheckpointStore::retain(size_t retained) const {
  const auto ids = list();
  size_t complete = 0;
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    std::error_code ec;
    const bool has_meta = fs::exists(fs::path(checkpoint_dir(*it)) / "_metadata", ec);
    if (complete >= retained || (!has_meta && complete > 0)) {
      fs::remove_all(checkpoint_dir(*it), ec);
      continue;
    }
    if (has_meta) ++complete;
  }
}

}  // namespace rill
