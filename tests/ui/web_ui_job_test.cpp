// The web UI over a real running job: a streaming pipeline run in this process publishes its
// status to the process's registry (actors/job_progress.*), a RestServer serves it, and headless
// Chromium shows every step of the job, counters that grow, and drains it with the button.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "io/collect.hpp"
#include "ops/job_registry.hpp"
#include "ops/rest_server.hpp"
#include "rill.hpp"
#include "tests/actors/registry_wait.hpp"
#include "tests/actors/tick_source.hpp"
#include "tests/ui/chromium_page.hpp"

using namespace std::chrono_literals;
using rill::testing::ChromiumPage;

namespace rill {
namespace {

std::string js(const std::string& s) {
  return nlohmann::json(s).dump();
}

struct CancelAtExit {
  PipelineHandle& job;
  ~CancelAtExit() { job.cancel("the test ended"); }
};

// The number in the "elements in" cell of `step` in the steps table (-1 without one).
int64_t elements_in(ChromiumPage& page, const std::string& step) {
  return std::stoll(page.evaluate(
      "(() => { const r = Array.from(document.querySelectorAll('#steps-table tbody tr'))"
      ".find(r => r.cells[0].textContent === " +
      js(step) +
      "); return r ? String(+r.querySelector('.elements-in').textContent.replace(/\\D/g, '')) "
      ": '-1'; })()"));
}

}  // namespace

TEST_CASE("the web UI shows a running streaming job, its counters growing, and drains it") {
  PipelineOptions o;
  o.parallelism = 2;
  o.metrics_interval = 200;
  o.job_name = "ui-ticks";
  Pipeline p{o};
  p | test::Ticks{"Ticks"} | WindowInto("Window", FixedWindows(100)) |
      Map("Key",
          [](int64_t x, Metrics& m) {
            m.counter("keyed").inc();
            return KV<int64_t, int64_t>{x % 5, 1};
          }) |
      CombinePerKey("Count", combine::Sum<int64_t>{}) | io::Collect("Out");
  PipelineHandle job = p.start();
  CancelAtExit guard{job};
  RestServer rest(process_jobs());

  const auto status =
      test::wait_for_job(o.job_name, [](const JobStatus& s) { return !s.steps.empty(); });
  REQUIRE(!status.steps.empty());
  ChromiumPage page;
  page.navigate(rest.url() + "/#/jobs/" + status.id);
  const std::string rows = std::to_string(status.steps.size());
  REQUIRE(
      page.wait_for("document.querySelectorAll('#steps-table tbody tr').length === " + rows, 15s));
  CHECK(page.evaluate("document.getElementById('job-state').textContent") == "RUNNING");
  CHECK(page.evaluate("document.getElementById('job-name').textContent") == "ui-ticks");

  // Every step the runtime reports is in the graph (as SVG text) and in the steps table, and
  // every stage's name in the stages table.
  for (const auto& st : status.steps) {
    INFO("step " << st.step);
    CHECK(page.evaluate("Array.from(document.querySelectorAll('#graph svg text.step'))"
                        ".some(t => t.textContent === " +
                        js(st.step) + ")") == "true");
    CHECK(page.evaluate("Array.from(document.querySelectorAll('#steps-table tbody tr'))"
                        ".some(r => r.cells[0].textContent === " +
                        js(st.step) + ")") == "true");
  }
  const std::string stages = page.evaluate("document.getElementById('stages-table').innerText");
  const std::string graph = page.evaluate(
      "Array.from(document.querySelectorAll('#graph svg text'))"
      ".map(t => t.textContent).join('\\n')");
  for (const auto& stage : status.stages) {
    CHECK(stages.find(stage.name) != std::string::npos);
    for (const auto& in : stage.inputs) CHECK(graph.find(in.kind) != std::string::npos);
  }

  // The source's count grows from one look to the next.
  int64_t first = elements_in(page, "Key");
  REQUIRE(
      page.wait_for("(() => { const r = Array.from(document.querySelectorAll("
                    "'#steps-table tbody tr')).find(r => r.cells[0].textContent === 'Key');"
                    " return +r.querySelector('.elements-in').textContent.replace(/\\D/g, '')"
                    " > " +
                        std::to_string(first) + "; })()",
                    10s));
  CHECK(elements_in(page, "Key") > first);
  CHECK(
      page.wait_for("/\\/s$/.test(document.querySelector('#steps-table tbody tr .rate-in')"
                    ".textContent)",
                    5s));

  // The user's counter, in the user metrics table.
  CHECK(
      page.wait_for("Array.from(document.querySelectorAll('#metrics-table tbody tr')).some(r =>"
                    " r.cells[0].textContent === 'Key' && r.cells[1].textContent === 'keyed' &&"
                    " r.cells[2].textContent === 'counter' && r.cells[3].textContent !== '0')",
                    5s));

  // RILL_UI_SCREENSHOT=page.png: a picture of the page, to look at.
  if (const char* shot = std::getenv("RILL_UI_SCREENSHOT")) page.screenshot(shot);

  // Drain from the page: the job ends DRAINED, and the page says so.
  page.evaluate("document.getElementById('btn-drain').click()");
  REQUIRE(
      page.wait_for("document.getElementById('action-result').textContent"
                    ".startsWith('Drain: accepted (202)')",
                    5s));
  const PipelineResult r = job.wait();
  CHECK(r.state == JobState::kDrained);
  CHECK(page.wait_for("document.getElementById('job-state').textContent === 'DRAINED'", 10s));
  CHECK(page.evaluate("document.getElementById('btn-cancel').disabled") == "true");
  for (const auto& e : page.errors()) INFO(e);
  CHECK(page.errors().empty());
}

}  // namespace rill
