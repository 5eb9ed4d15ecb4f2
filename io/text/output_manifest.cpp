#include "io/text/output_manifest.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "io/text/file_descriptor.hpp"

namespace rill::io::text {
namespace {

constexpr const char* kMagic = "rill-output-manifest 1";

// File names may hold any byte but '/' and NUL: bytes that would break the line format are
// written as %XX.
std::string escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == '%' || c == 0x7f) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool unescape(const std::string& s, std::string& out) {
  out.clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return false;
    unsigned v = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2X", &v) != 1) return false;
    out += static_cast<char>(v);
    i += 2;
  }
  return true;
}

uint32_t crc_of(const std::string& text) {
  return static_cast<uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

std::string body_of(const OutputManifest& m) {
  std::string s = std::string(kMagic) + "\n";
  s += std::string("state ") +
       (m.state == OutputManifest::State::kCommitting ? "committing" : "committed") + "\n";
  s += "token " + escape(m.token) + "\n";
  for (size_t i = 0; i < m.files.size(); ++i)
    s +=
        "file " + escape(m.files[i]) + " " + (i < m.temps.size() ? escape(m.temps[i]) : "-") + "\n";
  for (const auto& r : m.remove) s += "remove " + escape(r) + "\n";
  return s;
}

[[noreturn]] void damaged(const std::string& path, const std::string& why) {
  throw std::runtime_error("the output manifest '" + path + "' is damaged (" + why +
                           "); rill will not trust it: check the files beside it and remove it");
}

}  // namespace

bool OutputManifest::lists(const std::string& file_name) const {
  return std::find(files.begin(), files.end(), file_name) != files.end();
}

std::optional<OutputManifest> OutputManifest::read(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  FileDescriptor fd = open_for_reading(path);
  std::string text;
  char buf[65536];
  while (size_t n = read_up_to(fd, buf, sizeof buf, path)) text.append(buf, n);
  const auto crc_at = text.rfind("crc32 ");
  if (crc_at == std::string::npos || (crc_at > 0 && text[crc_at - 1] != '\n'))
    damaged(path, "no checksum line");
  unsigned long crc = 0;
  if (std::sscanf(text.c_str() + crc_at, "crc32 %lx", &crc) != 1) damaged(path, "bad checksum");
  const std::string body = text.substr(0, crc_at);
  if (crc_of(body) != crc) damaged(path, "checksum mismatch");
  std::istringstream in(body);
  std::string line;
  if (!std::getline(in, line) || line != kMagic) damaged(path, "unknown format");
  OutputManifest m;
  bool has_state = false;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key, a, b, value;
    fields >> key >> a >> b;
    if (key == "state" && (a == "committing" || a == "committed")) {
      m.state = a == "committing" ? State::kCommitting : State::kCommitted;
      has_state = true;
    } else if (key == "token" && unescape(a, value)) {
      m.token = value;
    } else if (key == "file" && unescape(a, value) && !b.empty()) {
      m.files.push_back(value);
      if (b != "-") {
        // The files being committed come first, those published before after them.
        if (!unescape(b, value) || m.temps.size() + 1 != m.files.size())
          damaged(path, "bad line '" + line + "'");
        m.temps.push_back(value);
      }
    } else if (key == "remove" && unescape(a, value)) {
      m.remove.push_back(value);
    } else {
      damaged(path, "bad line '" + line + "'");
    }
  }
  if (!has_state) damaged(path, "no state");
  if (m.state == State::kCommitting && m.temps.empty() && m.remove.empty() && !m.files.empty())
    damaged(path, "a commit without its temporary files");
  return m;
}

void OutputManifest::write(const std::string& path) const {
  const std::string body = body_of(*this);
  char crc[32];
  std::snprintf(crc, sizeof crc, "crc32 %08x\n", crc_of(body));
  const std::string text = body + crc;
  const std::string temp = path + ".new";
  int raw;
  do {
    raw = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  } while (raw < 0 && errno == EINTR);
  if (raw < 0) throw_file_error("cannot create", temp, errno);
  FileDescriptor fd(raw);
  write_all(fd, text.data(), text.size(), temp);
  if (::fsync(fd.get()) < 0) throw_file_error("cannot sync", temp, errno);
  if (fd.close() < 0) throw_file_error("cannot close", temp, errno);
  if (std::rename(temp.c_str(), path.c_str()) != 0)
    throw_file_error("cannot rename '" + temp + "' to", path, errno);
  sync_directory(std::filesystem::path(path).parent_path().string());
}

}  // namespace rill::io::text
