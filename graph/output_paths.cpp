#include "graph/output_paths.hpp"

#include <filesystem>
#include <stdexcept>

#include "graph/graph_def.hpp"

namespace fs = std::filesystem;

namespace rill {

std::string normal_path(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(path), ec);
  if (ec) p = fs::path(path);
  fs::path canonical = fs::weakly_canonical(p, ec);
  return (ec ? p.lexically_normal() : canonical).string();
}

namespace {

std::pair<std::string, std::string> split_dir(const std::string& path) {
  const fs::path normal(normal_path(path));
  return {normal.parent_path().string(), normal.filename().string()};
}

}  // namespace

PathPattern PathPattern::exact(const std::string& path) {
  PathPattern p;
  std::string name;
  std::tie(p.dir_, name) = split_dir(path);
  p.name_.assign(name.begin(), name.end());
  p.display_ = path;
  return p;
}

PathPattern PathPattern::with_digits(const std::string& prefix, const std::string& digits_tag,
                                     const std::string& suffix) {
  PathPattern p;
  std::string base;
  std::tie(p.dir_, base) = split_dir(prefix);
  for (char c : base) p.name_.push_back(static_cast<unsigned char>(c));
  for (char c : digits_tag) p.name_.push_back(c == '#' ? kDigit : static_cast<unsigned char>(c));
  for (char c : suffix) p.name_.push_back(static_cast<unsigned char>(c));
  p.display_ = prefix + digits_tag + suffix;
  return p;
}

namespace {

bool compatible(int a, int b) {
  auto digit = [](int c) { return c >= '0' && c <= '9'; };
  if (a < 0 && b < 0) return true;
  if (a < 0) return digit(b);
  if (b < 0) return digit(a);
  return a == b;
}

bool same_shape(const std::vector<int>& a, const std::vector<int>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!compatible(a[i], b[i])) return false;
  return true;
}

}  // namespace

bool PathPattern::matches(const std::string& path) const {
  const auto [dir, name] = split_dir(path);
  return dir == dir_ && same_shape(name_, std::vector<int>(name.begin(), name.end()));
}

bool PathPattern::overlaps(const PathPattern& other) const {
  return dir_ == other.dir_ && same_shape(name_, other.name_);
}

namespace {

struct Claim {
  const NodeDef* node;
  SinkOutputs outputs;
};

[[noreturn]] void refuse(const std::string& what) {
  throw std::invalid_argument("rill: " + what);
}

}  // namespace

void check_output_paths(const GraphDef& g) {
  std::vector<Claim> sinks;
  for (const auto& n : g.nodes())
    if (n.finalizer) {
      Claim c{&n, n.finalizer->outputs()};
      for (auto& b : c.outputs.bookkeeping) b = normal_path(b);
      sinks.push_back(std::move(c));
    }
  for (const auto& n : g.nodes()) {
    if (!n.source) continue;
    for (const auto& file : n.source->input_files())
      for (const auto& s : sinks)
        for (const auto& out : s.outputs.finals)
          if (out.matches(file))
            refuse("step '" + s.node->name + "' would write '" + out.display() +
                   "', which names the input file '" + file + "' of step '" + n.name +
                   "'; choose another output");
  }
  for (size_t i = 0; i < sinks.size(); ++i)
    for (size_t j = i + 1; j < sinks.size(); ++j) {
      const Claim& a = sinks[i];
      const Claim& b = sinks[j];
      for (const auto& x : a.outputs.finals)
        for (const auto& y : b.outputs.finals)
          if (x.overlaps(y))
            refuse("steps '" + a.node->name + "' and '" + b.node->name + "' would write the same " +
                   "files: '" + x.display() + "' and '" + y.display() +
                   "'; give them different outputs");
      for (const auto& x : a.outputs.bookkeeping)
        for (const auto& y : b.outputs.bookkeeping)
          if (x == y)
            refuse("steps '" + a.node->name + "' and '" + b.node->name +
                   "' would share the bookkeeping file '" + x + "'; give them different outputs");
    }
}

}  // namespace rill
