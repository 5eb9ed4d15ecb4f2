#pragma once
// File helpers of the gaming tests: a temporary directory, whole files, the lines of a
// sharded output, and dead-letter JSON lines read back with a small independent parser.
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace gaming_test {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "rill-gaming-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string file(const std::string& relative) const { return (path_ / relative).string(); }

 private:
  fs::path path_;
};

inline void write_file(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write test file " + path);
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test file " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Every line of the final shards PREFIX-SSSSS-of-NNNNN, sorted; `shards` gets their count.
inline std::vector<std::string> output_lines(const std::string& prefix, size_t* shards = nullptr) {
  const fs::path p(prefix);
  const std::string base = p.filename().string() + "-";
  std::vector<std::string> all;
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(p.parent_path())) {
    if (entry.path().filename().string().rfind(base, 0) != 0) continue;
    ++files;
    for (auto& l : lines_of(read_file(entry.path().string()))) all.push_back(std::move(l));
  }
  if (shards) *shards = files;
  std::sort(all.begin(), all.end());
  return all;
}

struct DeadLetterJson {
  std::string step, error, record;
};

// Reads a JSON string starting at text[pos] == '"'; advances pos past it.
inline std::string read_json_string(const std::string& text, size_t& pos) {
  if (pos >= text.size() || text[pos] != '"') throw std::runtime_error("expected '\"': " + text);
  std::string out;
  for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
    if (text[pos] != '\\') {
      out += text[pos];
      continue;
    }
    const char c = text.at(++pos);
    switch (c) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u':
        out += static_cast<char>(std::stoi(text.substr(pos + 1, 4), nullptr, 16));
        pos += 4;
        break;
      default:
        out += c;  // '"', '\\', '/'
    }
  }
  if (pos >= text.size()) throw std::runtime_error("unterminated string: " + text);
  ++pos;
  return out;
}

inline void expect_text(const std::string& text, size_t& pos, const std::string& what) {
  if (text.compare(pos, what.size(), what) != 0)
    throw std::runtime_error("expected " + what + " at " + std::to_string(pos) + ": " + text);
  pos += what.size();
}

// Exactly {"step":"...","error":"...","record":"..."}; throws on anything else.
inline DeadLetterJson parse_dead_letter(const std::string& line) {
  DeadLetterJson d;
  size_t pos = 0;
  expect_text(line, pos, "{\"step\":");
  d.step = read_json_string(line, pos);
  expect_text(line, pos, ",\"error\":");
  d.error = read_json_string(line, pos);
  expect_text(line, pos, ",\"record\":");
  d.record = read_json_string(line, pos);
  expect_text(line, pos, "}");
  if (pos != line.size()) throw std::runtime_error("trailing text: " + line);
  return d;
}

}  // namespace gaming_test
