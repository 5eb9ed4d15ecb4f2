#pragma once
// The web UI: one static HTML page (with its script), served at GET / of the REST port.
#include <string_view>

namespace rill {

std::string_view web_ui_page();

}  // namespace rill
