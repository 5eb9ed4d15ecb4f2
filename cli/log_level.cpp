#include "cli/log_level.hpp"

#include "actors/node_log.hpp"
#include "cli/template_params.hpp"

namespace rill::cli {

void set_log_level(const std::string& level) {
  for (const char* name : {"trace", "debug", "info", "warn", "error"})
    if (level == name) return node_log().set_level(spdlog::level::from_str(level));
  throw UsageError("--log-level must be trace, debug, info, warn or error, not '" + level + "'");
}

}  // namespace rill::cli
