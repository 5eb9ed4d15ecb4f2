#pragma once
// JobStatus as JSON (the REST API's bodies, `rill jobs --format=json`), and back (the CLI).
// Keys are the C++ field names; LiveState is its name ("RUNNING"); a step's
// input_watermark_ms is null before there is a watermark; a user metric's kind is "counter",
// "distribution" or "gauge".
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "graph/job_status.hpp"

namespace rill {

// The few fields a job list shows: {id, name, state, start_time_ms, end_time_ms}.
nlohmann::json job_summary_json(const JobStatus& job);

// Text of a JSON value that never throws on bytes that are not UTF-8 (a hot key may be any
// bytes): they are replaced by U+FFFD.
std::string dump_json(const nlohmann::json& j, int indent = -1);

// "RUNNING" -> kRunning; nullopt for anything else.
std::optional<LiveState> live_state_from_string(std::string_view s);

// A job as the server sent it. Keys that are missing keep their defaults (a summary parses
// into a JobStatus too). Throws std::invalid_argument naming what is wrong: not an object, a
// value of the wrong type, an unknown state or kind.
JobStatus job_status_from_json(const nlohmann::json& j);

// What nlohmann finds by argument-dependent lookup (`json j = status;`, `j.get<HotKey>()`);
// from_json throws nlohmann::json::exception or std::invalid_argument.
void to_json(nlohmann::json& j, const UserMetricValue& m);
void from_json(const nlohmann::json& j, UserMetricValue& m);
void to_json(nlohmann::json& j, const StepStatus& s);
void from_json(const nlohmann::json& j, StepStatus& s);
void to_json(nlohmann::json& j, const StageStatus::Input& in);
void from_json(const nlohmann::json& j, StageStatus::Input& in);
void to_json(nlohmann::json& j, const StageStatus& s);
void from_json(const nlohmann::json& j, StageStatus& s);
void to_json(nlohmann::json& j, const HotKey& k);
void from_json(const nlohmann::json& j, HotKey& k);
void to_json(nlohmann::json& j, const CheckpointRecord& c);
void from_json(const nlohmann::json& j, CheckpointRecord& c);
void to_json(nlohmann::json& j, const JobStatus& s);
void from_json(const nlohmann::json& j, JobStatus& s);

}  // namespace rill
