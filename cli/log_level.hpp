#pragma once
// --log-level=trace|debug|info|warn|error: the level of rill's log (spdlog, on stderr).
#include <string>

namespace rill::cli {

// Throws UsageError (cli/template_params.hpp) for another value.
void set_log_level(const std::string& level);

}  // namespace rill::cli
