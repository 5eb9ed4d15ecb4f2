#include "graph/pipeline_definition.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

#include "graph/graph_def.hpp"
#include "graph/stable_hash.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill {
namespace {

std::string type_name(const TypeOps& t) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> demangled(
      abi::__cxa_demangle(t.type().name(), nullptr, nullptr, &status), std::free);
  return status == 0 && demangled ? demangled.get() : t.type().name();
}

const char* kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::kSource:
      return "source";
    case NodeKind::kElementwise:
      return "element-wise";
    case NodeKind::kKeyed:
      return "keyed";
    case NodeKind::kReshuffle:
      return "reshuffle";
    case NodeKind::kSink:
      return "sink";
  }
  return "?";
}

}  // namespace

std::vector<std::string> definition_lines(const GraphDef& g) {
  std::vector<std::string> lines;
  for (const auto& [key, value] : g.parameters())
    lines.push_back("parameter --" + key + "='" + value + "'");
  for (const auto& n : g.nodes()) {
    const std::string step = "step '" + n.name + "' [" + n.label + "]";
    std::string shape = step + " " + kind_name(n.kind);
    if (!n.inputs.empty()) {
      shape += ", inputs";
      for (size_t i = 0; i < n.inputs.size(); ++i)
        shape += (i == 0 ? " " : ", ") + g.collection(n.inputs[i]).name;
    }
    if (n.side_inputs > 0) shape += ", " + std::to_string(n.side_inputs) + " side input(s)";
    if (n.parallelism > 0) shape += ", parallelism " + std::to_string(n.parallelism);
    lines.push_back(std::move(shape));
    if (n.source) {
      const std::string d = n.source->describe();
      if (!d.empty()) lines.push_back(step + " reads " + d);
    }
    if (n.finalizer)
      for (const auto& out : n.finalizer->outputs().finals)
        lines.push_back(step + " writes '" + out.display() + "'");
    for (int c : n.outputs) {
      if (c < 0) continue;
      const CollectionDef& col = g.collection(c);
      lines.push_back("collection '" + col.name + "' of " + type_name(*col.type) + ", " +
                      (col.windowing ? col.windowing->to_string() : "global windows"));
    }
  }
  return lines;
}

uint64_t definition_fingerprint(const std::vector<std::string>& lines) {
  uint64_t h = 0x9E3779B97F4A7C15ULL;
  for (const auto& l : lines) h = mix64(h ^ hash_bytes(l.data(), l.size()));
  return h;
}

std::string first_difference(const std::vector<std::string>& mine,
                             const std::vector<std::string>& theirs, const std::string& me,
                             const std::string& them) {
  const size_t n = std::max(mine.size(), theirs.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string* a = i < mine.size() ? &mine[i] : nullptr;
    const std::string* b = i < theirs.size() ? &theirs[i] : nullptr;
    if (a && b && *a == *b) continue;
    return me + ": " + (a ? *a : "(nothing more)") + "; " + them + ": " +
           (b ? *b : "(nothing more)");
  }
  return {};
}

}  // namespace rill
