#pragma once
// ChromiumPage: a headless Chromium with one page, driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: NUL-terminated JSON on fds 3 and 4), for tests of the web UI.
// No WebDriver, no npm, no network: the browser is Debian's `chromium` (scripts/setup.sh).
//
//   ChromiumPage page;                                   // starts the browser (about:blank)
//   page.navigate("http://127.0.0.1:8081/#/jobs/j1");    // waits for the load event
//   page.wait_for("document.querySelector('#job svg') !== null", 10s);
//   std::string state = page.evaluate("document.getElementById('job-state').textContent");
//
// Each instance has its own --user-data-dir under /tmp, removed with the browser when it is
// destroyed. Dialogs (confirm, alert) are answered as set_accept_dialogs says and recorded.
// Not thread-safe: one thread drives a page.
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace rill::testing {

struct ChromiumError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The browser to run: $RILL_CHROMIUM if set, else chromium or chromium-browser on PATH; empty
// when there is none.
std::string find_chromium();

class ChromiumPage {
 public:
  struct Options {
    std::string chromium;  // empty: find_chromium()
    int width = 1280, height = 900;
    std::chrono::milliseconds timeout{30000};  // for each command (and the browser's start)
    bool accept_dialogs = true;                // confirm() returns true
  };
  ChromiumPage() : ChromiumPage(Options{}) {}
  explicit ChromiumPage(Options options);  // throws ChromiumError if the browser does not start
  ~ChromiumPage();
  ChromiumPage(const ChromiumPage&) = delete;
  ChromiumPage& operator=(const ChromiumPage&) = delete;

  // Loads `url` and waits for its load event (a change of the hash alone does not wait).
  void navigate(const std::string& url);
  // Evaluates a JavaScript expression in the page (a promise is awaited): a string as it is,
  // any other value as JSON ("true", "42", "null", "{...}"), undefined as "undefined". Throws
  // ChromiumError if it throws.
  std::string evaluate(const std::string& expression);
  // Evaluates `expression` every `every` until it is true; false after `timeout`. Exceptions
  // thrown by the expression count as not yet.
  bool wait_for(const std::string& expression, std::chrono::milliseconds timeout,
                std::chrono::milliseconds every = std::chrono::milliseconds(100));

  // Writes a PNG of the whole page (not only the window) to `path`.
  void screenshot(const std::string& path);

  void set_accept_dialogs(bool accept) { options_.accept_dialogs = accept; }
  // The messages of the dialogs the page opened (confirm, alert, prompt), oldest first.
  const std::vector<std::string>& dialogs() const { return dialogs_; }
  // Uncaught exceptions and console.error() messages of the page, oldest first.
  const std::vector<std::string>& errors() const { return errors_; }
  // The browser's own output (stderr) so far, for a failure's message.
  std::string browser_log() const;

 private:
  struct Message;
  int send(const std::string& method, const std::string& params_json, bool to_page);
  // Reads messages until the reply to `id` comes, handling events on the way; returns the
  // reply's "result" as JSON text, throws ChromiumError on an error reply or a timeout.
  std::string await_reply(int id);
  std::string call(const std::string& method, const std::string& params_json, bool to_page);
  // Reads one message (waiting at most until `deadline`); false on timeout.
  bool read_message(std::string& out, std::chrono::steady_clock::time_point deadline);
  void handle_event(const std::string& message);
  void close();

  Options options_;
  std::string user_data_dir_, log_path_;
  int pid_ = -1;
  int to_browser_ = -1, from_browser_ = -1;
  std::string buffer_;
  int next_id_ = 1;
  std::string session_id_;
  bool load_fired_ = false;
  std::vector<std::string> dialogs_, errors_;
};

}  // namespace rill::testing
