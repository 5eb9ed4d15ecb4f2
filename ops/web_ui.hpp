#pragma once
// The web UI: one static page (HTML, CSS and JavaScript in one file, nothing fetched from
// elsewhere) that the REST server serves at GET /. It polls GET jobs and GET jobs/ID once a
// second and shows the job list and, for the job at #/jobs/ID, its state, graph, steps,
// checkpoints, restarts, hot keys and user metrics, with buttons that POST drain, stop,
// savepoint and cancel. The page's source is ops/web_ui.html, embedded at build time.
#include <string_view>

namespace rill {

// The page (text/html; charset=utf-8). Static storage: valid for the program's lifetime.
std::string_view web_ui_page();

}  // namespace rill
