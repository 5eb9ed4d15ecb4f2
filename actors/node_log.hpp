#pragma once
// The cluster's log: spdlog to stderr (stdout carries results: summaries, JSON lines).
#include <memory>
#include <string>

#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

namespace rill {

inline spdlog::logger& node_log() {
  static std::shared_ptr<spdlog::logger> log = [] {
    auto l = spdlog::get("rill");
    return l ? l : spdlog::stderr_color_mt("rill");
  }();
  return *log;
}

// PipelineOptions::log_level, when a job starts (empty: unchanged).
inline void apply_log_level(const std::string& level) {
  if (!level.empty()) node_log().set_level(spdlog::level::from_str(level));
}

}  // namespace rill
