#include "ops/web_ui.hpp"

namespace rill {

// A minimal page until the full UI lands: the job list, from GET /jobs.
std::string_view web_ui_page() {
  return R"html(<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>rill</title></head>
<body>
<h1>rill: web UI</h1>
<ul id="jobs"></ul>
<script>
fetch('/jobs').then(r => r.json()).then(jobs => {
  const list = document.getElementById('jobs');
  for (const j of jobs) {
    const li = document.createElement('li');
    li.textContent = j.id + ' ' + j.name + ' ' + j.state;
    list.appendChild(li);
  }
});
</script>
</body>
</html>
)html";
}

}  // namespace rill
