// The web UI in headless Chromium: a REST server over a JobRegistry holding one job whose
// status this test keeps changing (counters that grow, as a running job's do), the page
// loaded at #/jobs/ID, and the DOM read through the DevTools protocol (chromium_page.hpp).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "ops/job_registry.hpp"
#include "ops/rest_server.hpp"
#include "ops/web_ui.hpp"
#include "tests/ui/chromium_page.hpp"

using namespace std::chrono_literals;
using json = nlohmann::json;
using rill::testing::ChromiumPage;

namespace rill {
namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What the page was asked to do, as the runtime's JobControl would see it.
struct FakeControl : JobControl {
  std::mutex mutex;
  std::vector<std::string> calls;
  void record(std::string s) {
    std::lock_guard lock(mutex);
    calls.push_back(std::move(s));
  }
  std::vector<std::string> seen() {
    std::lock_guard lock(mutex);
    return calls;
  }
  void cancel(const std::string& reason) override { record("cancel:" + reason); }
  void drain() override { record("drain"); }
  void stop_with_savepoint(const std::string& dir) override { record("stop:" + dir); }
  void savepoint(const std::string& dir) override { record("savepoint:" + dir); }
  PipelineResult wait() override { return {}; }
};

// A job of five steps in four stages: Read+Parse -> (hash) Count+Format -> (round-robin)
// Write, and a Rates source broadcast to Count as a side input.
JobStatus initial_status() {
  JobStatus s;
  s.id = "job-7f3a";
  s.name = "order-totals";
  s.start_time_ms = wall_ms() - 75'000;
  s.stages = {
      {"Read+Parse", 1, {"Read", "Parse"}, {}},
      {"Rates", 1, {"Rates"}, {}},
      {"Count+Format", 2, {"Count", "Format"}, {{0, "hash", false}, {1, "broadcast", true}}},
      {"Write", 2, {"Write"}, {{2, "round-robin", false}}},
  };
  const std::pair<const char*, int> steps[] = {{"Read", 0},  {"Parse", 0},  {"Rates", 1},
                                               {"Count", 2}, {"Format", 2}, {"Write", 3}};
  for (auto [name, stage] : steps) {
    StepStatus st;
    st.step = name;
    st.stage = stage;
    s.steps.push_back(st);
  }
  s.steps[0].backlog_bytes = 64 << 20;
  s.data_watermark_age_seconds = 4.5;
  s.system_lag_seconds = 0.8;
  s.checkpoints = {{1, "COMPLETED", wall_ms() - 60'000, 120, 4096, "", ""},
                   {2, "DECLINED", wall_ms() - 30'000, 15, 0, "a partition was restarting", ""},
                   {3, "COMPLETED", wall_ms() - 10'000, 180, 8192, "", "/tmp/sp-3"}};
  s.checkpoints_completed = 2;
  s.checkpoints_declined = 1;
  s.checkpoint_durations_seconds = {0.12, 0.18};
  s.restarts = 1;
  s.restart_log = {"Count partition 1 failed: injected crash; restored checkpoint 1"};
  s.hot_keys = {{"Count", "customer-42", 1234, 3}, {"Count", "customer-7", 99, 3}};
  UserMetricValue c;
  c.step = "Parse";
  c.name = "bad_lines";
  c.value = 17;
  UserMetricValue d;
  d.step = "Count";
  d.name = "order_cents";
  d.kind = UserMetricValue::Kind::kDistribution;
  d.count = 4;
  d.sum = 1000;
  d.min = 100;
  d.max = 400;
  UserMetricValue g;
  g.step = "Write";
  g.name = "open_files";
  g.kind = UserMetricValue::Kind::kGauge;
  g.value = 3;
  g.timestamp_ms = 1'700'000'000'000;
  s.user_metrics = {c, d, g};
  return s;
}

// One refresh of a running job: every step has seen `tick` more batches.
void advance(JobStatus& s, int tick) {
  for (auto& st : s.steps) {
    st.elements_in += 500;
    st.elements_out += st.step == "Write" ? 0 : 480;
    st.busy_seconds += 0.2;
    st.backpressured_seconds += st.stage == 0 ? 0.05 : 0;
    st.idle_seconds += 0.05;
    st.input_watermark_ms = 1'700'000'000'000 + tick * 1000;
  }
  s.steps[0].backlog_bytes = std::max<int64_t>(0, s.steps[0].backlog_bytes - 100'000);
  s.refreshed_ms = wall_ms();
}

// The running job: its status refreshed every 200 ms until it is told its end.
class FakeJob {
 public:
  explicit FakeJob(JobRegistry& jobs) : jobs_(jobs) {
    JobStatus s = initial_status();
    advance(s, 0);
    id_ = s.id;
    jobs_.add(s, control);
    thread_ = std::thread([this, s]() mutable {
      for (int tick = 1; !stop_; ++tick) {
        std::this_thread::sleep_for(200ms);
        if (auto end = end_.load(); end != LiveState::kRunning && !is_final(s.state)) {
          s.state = end;
          s.end_time_ms = wall_ms();
          s.error = "cancelled from the web UI";
          s.refreshed_ms = wall_ms();
          jobs_.publish(s);
          continue;
        }
        if (is_final(s.state)) continue;
        advance(s, tick);
        jobs_.publish(s);
      }
    });
  }
  ~FakeJob() {
    stop_ = true;
    thread_.join();
  }
  void end(LiveState state) { end_ = state; }
  const std::string& id() const { return id_; }
  std::shared_ptr<FakeControl> control = std::make_shared<FakeControl>();

 private:
  JobRegistry& jobs_;
  std::string id_;
  std::atomic<bool> stop_{false};
  std::atomic<LiveState> end_{LiveState::kRunning};
  std::thread thread_;
};

// A JavaScript string literal of `s` (JSON's quoting is JavaScript's).
std::string js(const std::string& s) {
  return json(s).dump();
}

int64_t digits(const std::string& s) {
  std::string d;
  for (char c : s)
    if (c >= '0' && c <= '9') d += c;
  return d.empty() ? -1 : std::stoll(d);
}

// The text of a cell of the steps table: the row of `step`, the cell of class `cls`.
std::string step_cell(ChromiumPage& page, const std::string& step, const std::string& cls) {
  return page.evaluate(
      "(() => { const r = Array.from(document.querySelectorAll("
      "'#steps-table tbody tr')).find(r => r.cells[0].textContent === " +
      js(step) + "); return r ? r.querySelector('." + cls + "').textContent : 'no row'; })()");
}

}  // namespace

TEST_CASE("the page is one static document that fetches nothing from elsewhere") {
  std::string page(web_ui_page());
  CHECK(page.rfind("<!doctype html>", 0) == 0);
  CHECK(page.find("</html>") != std::string::npos);
  // The only absolute URL is the SVG namespace; no script, style or font from elsewhere.
  std::regex absolute(R"(https?://[^"'\s]*)");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), absolute);
       it != std::sregex_iterator(); ++it)
    CHECK(it->str() == "http://www.w3.org/2000/svg");
  CHECK(page.find("<script src") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);
  CHECK(page.find("innerHTML") == std::string::npos);  // user data goes in as text only
}

TEST_CASE("the web UI in headless Chromium shows a running job and steers it") {
  JobRegistry jobs;
  JobStatus done;  // an earlier job, ended
  done.id = "job-0001";
  done.name = "nightly-backfill";
  done.state = LiveState::kDone;
  done.start_time_ms = wall_ms() - 3'600'000;
  done.end_time_ms = wall_ms() - 3'000'000;
  jobs.add(done, nullptr);
  FakeJob job(jobs);
  RestServer server(jobs);  // 127.0.0.1, a free port
  ChromiumPage page;
  const std::string job_url = server.url() + "/#/jobs/" + job.id();
  page.navigate(job_url);

  // The steps table fills once the first GET /jobs/ID has come back.
  REQUIRE(page.wait_for("document.querySelectorAll('#steps-table tbody tr').length === 6", 15s));
  CHECK(page.evaluate("document.getElementById('job-name').textContent") == "order-totals");
  CHECK(page.evaluate("document.getElementById('job-id').textContent") == job.id());
  CHECK(page.evaluate("document.getElementById('job-state').textContent") == "RUNNING");
  CHECK(page.evaluate("document.getElementById('job-state').getAttribute('aria-live')") ==
        "polite");
  CHECK(page.evaluate("document.title") == "order-totals · RUNNING · rill");
  // The job list: both jobs, this one marked as the one shown.
  CHECK(page.evaluate("document.querySelectorAll('#jobs-table tbody tr').length") == "2");
  CHECK(page.evaluate("document.querySelector('#jobs-table tbody tr').innerText") ==
        "nightly-backfill\tjob-0001\tDONE\t" +
            page.evaluate("document.querySelector('#jobs-table tbody tr').cells[3].textContent") +
            "\t10m 00s");
  CHECK(page.evaluate("document.querySelector('#jobs-table a[aria-current=page]')"
                      ".getAttribute('href')") == "#/jobs/" + job.id());
  CHECK(page.evaluate("document.querySelector('#jobs-table a[aria-current=page]').textContent") ==
        "order-totals");

  {  // the graph: every step's name and every edge's kind as SVG text
    const std::string graph_text = page.evaluate(
        "Array.from(document.querySelectorAll('#graph svg text'))"
        ".map(t => t.textContent).join('\\n')");
    INFO(graph_text);
    for (const char* step : {"Read", "Parse", "Rates", "Count", "Format", "Write"}) {
      CHECK(page.evaluate("Array.from(document.querySelectorAll('#graph svg .stage text.step'))"
                          ".some(t => t.textContent === " +
                          js(step) + ")") == "true");
      CHECK(step_cell(page, step, "step-name") == step);
    }
    CHECK(graph_text.find("hash") != std::string::npos);
    CHECK(graph_text.find("broadcast (side input)") != std::string::npos);
    CHECK(graph_text.find("round-robin") != std::string::npos);
    CHECK(page.evaluate("document.querySelectorAll('#graph svg .stage').length") == "4");
    CHECK(page.evaluate("document.querySelectorAll('#graph svg .edge.side path').length") == "1");
    CHECK(page.evaluate("document.querySelector('#graph svg .stage[data-stage=\"2\"] text.head')"
                        ".textContent") == "stage 2 · ×2");
    // The stage names, in the stages table (and the boxes' titles).
    const std::string stages = page.evaluate("document.getElementById('stages-table').innerText");
    for (const char* stage : {"Read+Parse", "Rates", "Count+Format", "Write"})
      CHECK(stages.find(stage) != std::string::npos);
    CHECK(stages.find("stage 1 (broadcast, side input)") != std::string::npos);
    // Boxes do not overlap: each stage's box is right of its inputs' boxes.
    CHECK(page.evaluate(R"js((() => {
      const box = i => document.querySelector('#graph .stage[data-stage="' + i + '"] rect.box');
      const x = i => +box(i).getAttribute('x'), w = i => +box(i).getAttribute('width');
      return x(0) + w(0) < x(2) && x(1) + w(1) < x(2) && x(2) + w(2) < x(3);
    })())js") == "true");
  }

  {  // counters grow, with throughput, shares, backlog and watermarks
    int64_t first = digits(step_cell(page, "Count", "elements-in"));
    REQUIRE(first > 0);
    // The page refreshes every second; the job every 200 ms.
    REQUIRE(
        page.wait_for("(() => { const r = Array.from(document.querySelectorAll("
                      "'#steps-table tbody tr')).find(r => r.cells[0].textContent === "
                      "'Count'); return +r.querySelector('.elements-in').textContent"
                      ".replace(/\\D/g, '') > " +
                          std::to_string(first + 1000) + "; })()",
                      10s));
    int64_t second = digits(step_cell(page, "Count", "elements-in"));
    CHECK(second > first);
    // 500 elements per 200 ms: about 2,500/s (less on a loaded machine: the job's sleeps grow).
    REQUIRE(
        page.wait_for("(() => { const r = Array.from(document.querySelectorAll("
                      "'#steps-table tbody tr')).find(r => r.cells[0].textContent === "
                      "'Count'); return /\\/s$/.test(r.querySelector('.rate-in').textContent);"
                      " })()",
                      5s));
    const int64_t rate = digits(step_cell(page, "Count", "rate-in"));
    CHECK(rate >= 500);
    CHECK(rate <= 3500);
    CHECK(std::regex_match(step_cell(page, "Count", "watermark"),
                           std::regex(R"(20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    CHECK(step_cell(page, "Read", "backlog").find("MiB") != std::string::npos);
    CHECK(step_cell(page, "Count", "backlog") == "—");
    // Busy 0.2 s of every 0.25 s; Read+Parse back-pressured 0.05 of 0.3.
    const std::string shares = page.evaluate(
        "Array.from(document.querySelectorAll('#steps-table tbody tr')).find(r => "
        "r.cells[0].textContent === 'Count').innerText");
    CHECK(shares.find("80%") != std::string::npos);
    CHECK(shares.find("20%") != std::string::npos);
    CHECK(page.evaluate("document.querySelector('#graph .stage[data-stage=\"0\"] text.stat')"
                        ".textContent") == "busy 67% · back-pressured 17%");
    CHECK(page.evaluate("document.getElementById('job-wm-age').textContent") == "4.5 s");
    CHECK(page.evaluate("document.getElementById('job-lag').textContent") == "800 ms");
    CHECK(page.evaluate(
              "/^\\d+m \\d\\ds$/.test(document.getElementById('job-uptime').textContent)") ==
          "true");
  }

  // RILL_UI_SCREENSHOT=page.png: a picture of the page, to look at.
  if (const char* shot = std::getenv("RILL_UI_SCREENSHOT")) page.screenshot(shot);

  {  // checkpoints, restarts, hot keys and user metrics
    CHECK(page.evaluate("document.querySelectorAll('#checkpoints-table tbody tr').length") == "3");
    // Newest first.
    CHECK(page.evaluate(
              "document.querySelector('#checkpoints-table tbody tr').cells[0].textContent") == "3");
    const std::string cps = page.evaluate("document.getElementById('checkpoints-table').innerText");
    CHECK(cps.find("DECLINED") != std::string::npos);
    CHECK(cps.find("a partition was restarting") != std::string::npos);
    CHECK(cps.find("/tmp/sp-3") != std::string::npos);
    CHECK(cps.find("8.0 KiB") != std::string::npos);
    CHECK(page.evaluate("document.getElementById('checkpoints-summary').textContent")
              .find("Completed 2 · declined 1") != std::string::npos);
    CHECK(page.evaluate("document.querySelector('#restart-log li').textContent") ==
          "Count partition 1 failed: injected crash; restored checkpoint 1");
    const std::string hot = page.evaluate("document.getElementById('hotkeys-table').innerText");
    CHECK(hot.find("customer-42") != std::string::npos);
    CHECK(hot.find("1,234") != std::string::npos);
    const std::string metrics = page.evaluate("document.getElementById('metrics-table').innerText");
    CHECK(metrics.find("bad_lines") != std::string::npos);
    CHECK(metrics.find("order_cents") != std::string::npos);
    CHECK(metrics.find("250.00") != std::string::npos);  // the mean
    CHECK(metrics.find("open_files\tgauge\t3") != std::string::npos);
    CHECK(metrics.find("2023-11-14T22:13:20Z") != std::string::npos);  // when it was set
  }

  {  // the buttons post drain, stop, savepoint and cancel
    CHECK(page.evaluate("document.getElementById('btn-drain').click(); 'clicked'") == "clicked");
    REQUIRE(
        page.wait_for("/accepted \\(202\\)/.test(document.getElementById('action-result')"
                      ".textContent)",
                      5s));
    CHECK(page.evaluate("document.getElementById('action-result').textContent")
              .rfind("Drain: accepted (202)", 0) == 0);
    CHECK(job.control->seen() == std::vector<std::string>{"drain"});

    page.evaluate("document.getElementById('savepoint-dir').value = '/tmp/save here'");
    page.evaluate("document.getElementById('btn-stop').click()");
    REQUIRE(
        page.wait_for("document.getElementById('action-result').textContent"
                      ".startsWith('Stop with savepoint: accepted')",
                      5s));
    page.evaluate("document.getElementById('btn-savepoint').click()");
    REQUIRE(
        page.wait_for("document.getElementById('action-result').textContent"
                      ".startsWith('Savepoint: accepted')",
                      5s));
    CHECK(job.control->seen() ==
          std::vector<std::string>{"drain", "stop:/tmp/save here", "savepoint:/tmp/save here"});

    // Cancel asks first: declined, nothing is posted.
    page.set_accept_dialogs(false);
    page.evaluate("document.getElementById('btn-cancel').click()");
    CHECK(page.dialogs().size() == 1);
    CHECK(page.dialogs().at(0).find("Cancel this job?") != std::string::npos);
    std::this_thread::sleep_for(300ms);
    CHECK(job.control->seen().size() == 3);
    // Accepted: posted, and the job ends CANCELLED.
    page.set_accept_dialogs(true);
    page.evaluate("document.getElementById('btn-cancel').click()");
    REQUIRE(
        page.wait_for("document.getElementById('action-result').textContent"
                      ".startsWith('Cancel: accepted')",
                      5s));
    CHECK(job.control->seen().back() == "cancel:cancelled from the web UI");
    // The job ends; its buttons are disabled.
    job.end(LiveState::kCancelled);
    REQUIRE(page.wait_for("document.getElementById('job-state').textContent === 'CANCELLED'", 5s));
    CHECK(page.evaluate("document.getElementById('btn-drain').disabled") == "true");
    CHECK(page.evaluate("document.getElementById('job-uptime-label').textContent") == "Duration");
    CHECK(step_cell(page, "Count", "rate-in") == "—");  // no throughput once it has ended
    CHECK(page.evaluate("document.getElementById('job-error').textContent") ==
          "cancelled from the web UI");
    // Steering an ended job is refused (409), and the page says so.
    page.evaluate(
        "const b = document.getElementById('btn-savepoint'); b.disabled = false; "
        "b.click()");
    REQUIRE(
        page.wait_for("document.getElementById('action-result').textContent"
                      ".startsWith('Savepoint: refused (409)')",
                      5s));
    CHECK(page.evaluate("document.getElementById('action-result').className") == "error");
    CHECK(job.control->seen().size() == 4);
  }

  {  // an unknown job
    page.navigate(server.url() + "/#/jobs/no-such-job");
    REQUIRE(page.wait_for("!document.getElementById('job-missing').hidden", 10s));
    CHECK(page.evaluate("document.getElementById('job-missing').textContent") ==
          "No job no-such-job here.");
    CHECK(page.evaluate("document.getElementById('job').hidden") == "true");
  }

  const auto& errors = page.errors();
  for (const auto& e : errors) INFO(e);
  CHECK(errors.empty());
}

}  // namespace rill
