#include "graph/testing/fault_plan.hpp"
#include "graph/testing/fault_plan_detail.hpp"

#include <map>
#include <sstream>

namespace rill::testing {
namespace {

struct KindName {
  FaultKind kind;
  const char* name;
};
constexpr KindName kKinds[] = {
    {FaultKind::kCrash, "crash"},
    {FaultKind::kKillWorker, "kill-worker"},
    {FaultKind::kPauseWorker, "pause-worker"},
    {FaultKind::kDelay, "delay"},
    {FaultKind::kDrop, "drop"},
    {FaultKind::kDuplicate, "duplicate"},
    {FaultKind::kReorder, "reorder"},
    {FaultKind::kPartition, "partition"},
    {FaultKind::kFailCheckpoint, "fail-checkpoint"},
    {FaultKind::kSlow, "slow"},
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream is(s);
  while (std::getline(is, cur, sep)) out.push_back(trim(cur));
  return out;
}

using detail::bad;

// The key=value pairs of one fault, each read once; unknown or missing keys are named.
class Keys {
 public:
  Keys(std::string fault, const std::string& body) : fault_(std::move(fault)) {
    if (body.empty()) return;
    for (const auto& kv : split(body, ',')) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) bad(fault_, "expected key=value, got '" + kv + "'");
      const std::string k = kv.substr(0, eq);
      if (values_.count(k)) bad(fault_, "key '" + k + "' given twice");
      values_[k] = kv.substr(eq + 1);
    }
  }
  bool has(const std::string& k) const { return values_.count(k) > 0; }
  std::string text(const std::string& k) {
    auto it = values_.find(k);
    if (it == values_.end()) bad(fault_, "missing " + k + "=");
    std::string v = it->second;
    values_.erase(it);
    if (v.empty()) bad(fault_, k + "= is empty");
    return v;
  }
  int64_t integer(const std::string& k, int64_t lo, int64_t hi) {
    const std::string v = text(k);
    size_t used = 0;
    int64_t n = 0;
    try {
      n = std::stoll(v, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != v.size()) bad(fault_, k + "=" + v + " is not an integer");
    if (n < lo || n > hi)
      bad(fault_, k + "=" + v + " is out of range [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    return n;
  }
  double probability(const std::string& k) {
    if (!has(k)) return 1.0;
    const std::string v = text(k);
    size_t used = 0;
    double p = -1;
    try {
      p = std::stod(v, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != v.size() || !(p > 0.0 && p <= 1.0))
      bad(fault_, k + "=" + v + " is not a probability in (0, 1]");
    return p;
  }
  void done() const {
    if (!values_.empty()) bad(fault_, "unknown key '" + values_.begin()->first + "'");
  }

 private:
  std::string fault_;
  std::map<std::string, std::string> values_;
};

constexpr int64_t kMaxMs = int64_t{7} * 24 * 3600 * 1000;

void parse_edge(const std::string& fault, const std::string& edge, Fault& f) {
  const auto arrow = edge.find("->");
  if (arrow == std::string::npos || arrow == 0 || arrow + 2 >= edge.size())
    bad(fault, "edge=" + edge + " is not FROM->TO (step names)");
  f.from = edge.substr(0, arrow);
  f.to = edge.substr(arrow + 2);
}

FaultKind kind_named(const std::string& fault, const std::string& name) {
  for (const auto& k : kKinds)
    if (name == k.name) return k.kind;
  bad(fault, "unknown fault kind '" + name +
                 "' (crash, kill-worker, pause-worker, delay, drop, duplicate, reorder, partition, "
                 "fail-checkpoint, slow, random)");
}

Fault parse_fault(const std::string& text, const std::string& name, const std::string& body) {
  Fault f;
  f.kind = kind_named(text, name);
  Keys k(text, body);
  switch (f.kind) {
    case FaultKind::kCrash: {
      f.step = k.text("step");
      if (k.has("partition")) f.partition = static_cast<int>(k.integer("partition", 0, 1 << 20));
      const int points = int{k.has("after")} + k.has("at-checkpoint") + k.has("during");
      if (points != 1) bad(text, "give exactly one of after=, at-checkpoint=, during=");
      if (k.has("after")) {
        f.point = CrashPoint::kAfterElements;
        f.after = k.integer("after", 1, int64_t{1} << 60);
      } else if (k.has("at-checkpoint")) {
        f.point = CrashPoint::kAtCheckpoint;
        f.checkpoint = static_cast<uint64_t>(k.integer("at-checkpoint", 1, int64_t{1} << 40));
      } else {
        const std::string d = k.text("during");
        if (d == "snapshot")
          f.point = CrashPoint::kDuringSnapshot;
        else if (d == "restore")
          f.point = CrashPoint::kDuringRestore;
        else if (d == "finish")
          f.point = CrashPoint::kDuringFinish;
        else
          bad(text, "during=" + d + " is not snapshot, restore or finish");
      }
      break;
    }
    case FaultKind::kKillWorker:
      f.worker = static_cast<int>(k.integer("worker", 0, 4096));
      f.after_ms = k.integer("after-ms", 0, kMaxMs);
      break;
    case FaultKind::kPauseWorker:
      f.worker = static_cast<int>(k.integer("worker", 0, 4096));
      f.after_ms = k.integer("after-ms", 0, kMaxMs);
      f.for_ms = k.integer("for-ms", 1, kMaxMs);
      break;
    case FaultKind::kDelay:
      parse_edge(text, k.text("edge"), f);
      f.ms = k.integer("ms", 1, kMaxMs);
      f.p = k.probability("p");
      break;
    case FaultKind::kDrop:
    case FaultKind::kDuplicate:
    case FaultKind::kReorder:
      parse_edge(text, k.text("edge"), f);
      f.p = k.probability("p");
      break;
    case FaultKind::kPartition: {
      const std::string nodes = k.text("nodes");
      const auto slash = nodes.find('/');
      if (slash == std::string::npos) bad(text, "nodes=" + nodes + " is not I/J");
      try {
        size_t u1 = 0, u2 = 0;
        const std::string a = nodes.substr(0, slash), b = nodes.substr(slash + 1);
        f.node_a = std::stoi(a, &u1);
        f.node_b = std::stoi(b, &u2);
        if (u1 != a.size() || u2 != b.size()) throw std::invalid_argument("");
      } catch (const std::exception&) {
        bad(text, "nodes=" + nodes + " is not I/J (node indexes)");
      }
      if (f.node_a < 0 || f.node_b < 0 || f.node_a == f.node_b)
        bad(text, "nodes=" + nodes + " must name two different nodes");
      f.after_ms = k.integer("after-ms", 0, kMaxMs);
      f.for_ms = k.integer("for-ms", 1, kMaxMs);
      break;
    }
    case FaultKind::kFailCheckpoint:
      f.checkpoint = static_cast<uint64_t>(k.integer("n", 1, int64_t{1} << 40));
      break;
    case FaultKind::kSlow:
      f.step = k.text("step");
      f.us = k.integer("us", 1, 10'000'000);
      break;
  }
  k.done();
  return f;
}

RandomFaults parse_random(const std::string& text, const std::string& body) {
  RandomFaults r;
  Keys k(text, body);
  r.seed = static_cast<uint64_t>(k.integer("seed", 0, INT64_MAX));
  r.count = static_cast<int>(k.integer("count", 1, 10000));
  if (k.has("kinds"))
    for (const auto& name : split(k.text("kinds"), '+')) r.kinds.push_back(kind_named(text, name));
  if (k.has("max-after")) r.max_after = k.integer("max-after", 1, int64_t{1} << 60);
  if (k.has("max-ms")) r.max_ms = k.integer("max-ms", 1, kMaxMs);
  k.done();
  return r;
}

std::string number(double p) {
  std::ostringstream os;
  os << p;
  return os.str();
}

}  // namespace

const char* to_string(FaultKind k) {
  for (const auto& n : kKinds)
    if (n.kind == k) return n.name;
  return "?";
}

std::string Fault::text() const {
  std::string s = to_string(kind);
  s += ':';
  switch (kind) {
    case FaultKind::kCrash:
      s += "step=" + step + ",partition=" + std::to_string(partition) + ",";
      switch (point) {
        case CrashPoint::kAfterElements:
          s += "after=" + std::to_string(after);
          break;
        case CrashPoint::kAtCheckpoint:
          s += "at-checkpoint=" + std::to_string(checkpoint);
          break;
        case CrashPoint::kDuringSnapshot:
          s += "during=snapshot";
          break;
        case CrashPoint::kDuringRestore:
          s += "during=restore";
          break;
        case CrashPoint::kDuringFinish:
          s += "during=finish";
          break;
      }
      break;
    case FaultKind::kKillWorker:
      s += "worker=" + std::to_string(worker) + ",after-ms=" + std::to_string(after_ms);
      break;
    case FaultKind::kPauseWorker:
      s += "worker=" + std::to_string(worker) + ",after-ms=" + std::to_string(after_ms) +
           ",for-ms=" + std::to_string(for_ms);
      break;
    case FaultKind::kDelay:
      s += "edge=" + from + "->" + to + ",ms=" + std::to_string(ms) + ",p=" + number(p);
      break;
    case FaultKind::kDrop:
    case FaultKind::kDuplicate:
    case FaultKind::kReorder:
      s += "edge=" + from + "->" + to + ",p=" + number(p);
      break;
    case FaultKind::kPartition:
      s += "nodes=" + std::to_string(node_a) + "/" + std::to_string(node_b) +
           ",after-ms=" + std::to_string(after_ms) + ",for-ms=" + std::to_string(for_ms);
      break;
    case FaultKind::kFailCheckpoint:
      s += "n=" + std::to_string(checkpoint);
      break;
    case FaultKind::kSlow:
      s += "step=" + step + ",us=" + std::to_string(us);
      break;
  }
  return s;
}

FaultPlan FaultPlan::parse(const std::string& spec) {
  FaultPlan plan;
  for (const auto& text : split(spec, ';')) {
    if (text.empty()) continue;
    const auto colon = text.find(':');
    const std::string name = trim(text.substr(0, colon));
    const std::string body = colon == std::string::npos ? "" : text.substr(colon + 1);
    if (name.rfind("seed=", 0) == 0) {  // the plan's own seed, as text() writes it
      Keys k(text, name);
      plan.seed_ = static_cast<uint64_t>(k.integer("seed", 0, INT64_MAX));
      continue;
    }
    if (name == "random") {
      plan.random_.push_back(parse_random(text, body));
      continue;
    }
    plan.faults_.push_back(parse_fault(text, name, body));
  }
  return plan;
}

FaultPlan& FaultPlan::add(Fault f) {
  faults_.push_back(std::move(f));
  return *this;
}

FaultPlan& FaultPlan::add_random(RandomFaults r) {
  random_.push_back(std::move(r));
  return *this;
}

std::string FaultPlan::text() const {
  std::string s;
  if (seed_ != 0) s = "seed=" + std::to_string(seed_);
  auto append = [&](const std::string& t) { s += (s.empty() ? "" : ";") + t; };
  for (const auto& f : faults_) append(f.text());
  for (const auto& r : random_) {
    std::string t = "random:seed=" + std::to_string(r.seed) + ",count=" + std::to_string(r.count);
    if (!r.kinds.empty()) {
      t += ",kinds=";
      for (size_t i = 0; i < r.kinds.size(); ++i)
        t += (i ? "+" : "") + std::string(to_string(r.kinds[i]));
    }
    t += ",max-after=" + std::to_string(r.max_after) + ",max-ms=" + std::to_string(r.max_ms);
    append(t);
  }
  return s;
}

namespace detail {

void bad(const std::string& fault, const std::string& why) {
  throw std::invalid_argument("fault '" + fault + "': " + why);
}

}  // namespace detail
}  // namespace rill::testing
