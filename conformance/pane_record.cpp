#include "conformance/pane_record.hpp"

#include <array>
#include <stdexcept>

namespace rill::conformance {

namespace {

std::string list_string(const std::vector<int64_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
  return s + "]";
}

const char* bool_string(bool b) {
  return b ? "true" : "false";
}

int64_t as_int(const YAML::Node& n, const std::string& field) {
  try {
    return n.as<int64_t>();
  } catch (const YAML::Exception&) {
    throw std::runtime_error("expected field '" + field + "' must be an integer, got " +
                             flow_string(n));
  }
}

bool as_bool(const YAML::Node& n, const std::string& field) {
  try {
    return n.as<bool>();
  } catch (const YAML::Exception&) {
    throw std::runtime_error("expected field '" + field + "' must be a boolean, got " +
                             flow_string(n));
  }
}

std::vector<int64_t> as_int_list(const YAML::Node& n, const std::string& field) {
  if (!n.IsSequence())
    throw std::runtime_error("expected field '" + field + "' must be a list, got " +
                             flow_string(n));
  std::vector<int64_t> out;
  for (const YAML::Node& item : n) out.push_back(as_int(item, field));
  return out;
}

}  // namespace

std::string PaneRecord::to_string() const {
  return "{window: [" + std::to_string(window_start) + ", " + std::to_string(window_last) +
         "], values: " + list_string(values) + ", timestamp: " + std::to_string(timestamp) +
         ", index: " + std::to_string(index) +
         ", nonspeculative_index: " + std::to_string(nonspeculative_index) +
         ", early: " + bool_string(early) + ", late: " + bool_string(late) +
         ", final: " + bool_string(final) + "}";
}

std::string to_string(const std::vector<PaneRecord>& panes) {
  std::string s = "[";
  for (size_t i = 0; i < panes.size(); ++i) s += (i ? ", " : "") + panes[i].to_string();
  return s + "]";
}

bool is_pane_field(const std::string& key) {
  static const std::array<const char*, 8> kFields = {
      "window", "values", "timestamp", "index", "nonspeculative_index", "early", "late", "final"};
  for (const char* f : kFields)
    if (key == f) return true;
  return false;
}

bool matches(const YAML::Node& expected, const PaneRecord& a) {
  if (!expected.IsMap())
    throw std::runtime_error("an expected pane must be a map, got " + flow_string(expected));
  for (const auto& kv : expected) {
    const std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    if (key == "window") {
      std::vector<int64_t> w = as_int_list(v, key);
      if (w.size() != 2)
        throw std::runtime_error("expected field 'window' must be [start, end - 1], got " +
                                 flow_string(v));
      if (w[0] != a.window_start || w[1] != a.window_last) return false;
    } else if (key == "values") {
      if (as_int_list(v, key) != a.values) return false;
    } else if (key == "timestamp") {
      if (as_int(v, key) != a.timestamp) return false;
    } else if (key == "index") {
      if (as_int(v, key) != a.index) return false;
    } else if (key == "nonspeculative_index") {
      if (as_int(v, key) != a.nonspeculative_index) return false;
    } else if (key == "early") {
      if (as_bool(v, key) != a.early) return false;
    } else if (key == "late") {
      if (as_bool(v, key) != a.late) return false;
    } else if (key == "final") {
      if (as_bool(v, key) != a.final) return false;
    }
    // Any other key is ignored, as in Beam's reference runner.
  }
  return true;
}

std::string flow_string(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "null";
    case YAML::NodeType::Scalar:
      return node.Scalar();
    case YAML::NodeType::Sequence: {
      std::string s = "[";
      bool first = true;
      for (const YAML::Node& item : node) {
        s += (first ? "" : ", ") + flow_string(item);
        first = false;
      }
      return s + "]";
    }
    case YAML::NodeType::Map: {
      std::string s = "{";
      bool first = true;
      for (const auto& kv : node) {
        s += (first ? "" : ", ") + flow_string(kv.first) + ": " + flow_string(kv.second);
        first = false;
      }
      return s + "}";
    }
  }
  return "?";
}

}  // namespace rill::conformance
