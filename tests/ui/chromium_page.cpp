#include "tests/ui/chromium_page.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace rill::testing {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string find_chromium() {
  if (const char* env = std::getenv("RILL_CHROMIUM"); env && *env) return env;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser"}) {
    std::stringstream ss(dirs);
    std::string dir;
    while (std::getline(ss, dir, ':')) {
      fs::path p = fs::path(dir.empty() ? "." : dir) / name;
      if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
  }
  return {};
}

ChromiumPage::ChromiumPage(Options options) : options_(std::move(options)) {
  if (options_.chromium.empty()) options_.chromium = find_chromium();
  if (options_.chromium.empty())
    throw ChromiumError("no chromium found (apt-get install chromium, or set RILL_CHROMIUM)");
  // A write to a browser that has died must fail with EPIPE, not kill the test.
  ::signal(SIGPIPE, SIG_IGN);

  char tmpl[] = "/tmp/rill-chromium-XXXXXX";
  if (!::mkdtemp(tmpl)) throw ChromiumError(std::string("mkdtemp: ") + std::strerror(errno));
  user_data_dir_ = tmpl;
  log_path_ = user_data_dir_ + ".log";

  // Everything the child needs is built before fork(): after it only async-signal-safe calls.
  std::vector<std::string> args = {
      options_.chromium,
      "--headless=new",
      "--no-sandbox",  // needed as root (containers, CI)
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--remote-debugging-pipe",
      "--user-data-dir=" + user_data_dir_,
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--metrics-recording-only",
      "--mute-audio",
      "--password-store=basic",
      "--window-size=" + std::to_string(options_.width) + "," + std::to_string(options_.height),
      "about:blank"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int to[2], from[2];  // to[1] -> browser's fd 3; browser's fd 4 -> from[0]
  if (::pipe2(to, O_CLOEXEC) != 0 || ::pipe2(from, O_CLOEXEC) != 0)
    throw ChromiumError(std::string("pipe: ") + std::strerror(errno));
  int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) throw ChromiumError("cannot write " + log_path_);

  pid_t pid = ::fork();
  if (pid < 0) throw ChromiumError(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group: the browser's helpers end with it
    // Move the ends above 4 first, so that the dup2s below cannot overwrite one another.
    int r = ::fcntl(to[0], F_DUPFD, 10), w = ::fcntl(from[1], F_DUPFD, 10);
    int l = ::fcntl(log_fd, F_DUPFD, 10);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (r < 0 || w < 0 || l < 0 || devnull < 0) ::_exit(127);
    ::dup2(devnull, 0);
    ::dup2(l, 1);
    ::dup2(l, 2);
    ::dup2(r, 3);
    ::dup2(w, 4);
    ::close_range(5, ~0U, 0);  // nothing else of the test (sockets) goes to the browser
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  ::setpgid(pid, pid);  // also from here: no race with kill(-pid) below
  ::close(to[0]);
  ::close(from[1]);
  ::close(log_fd);
  to_browser_ = to[1];
  from_browser_ = from[0];

  try {
    // The page the browser opened (about:blank); attach to it with a flat session.
    json targets = json::parse(call("Target.getTargets", "{}", false));
    std::string target;
    for (const auto& t : targets.at("targetInfos"))
      if (t.value("type", "") == "page") target = t.at("targetId").get<std::string>();
    if (target.empty())
      target = json::parse(call("Target.createTarget", R"({"url":"about:blank"})", false))
                   .at("targetId")
                   .get<std::string>();
    json attached = json::parse(
        call("Target.attachToTarget", json{{"targetId", target}, {"flatten", true}}.dump(), false));
    session_id_ = attached.at("sessionId").get<std::string>();
    call("Page.enable", "{}", true);
    call("Runtime.enable", "{}", true);
  } catch (const std::exception& e) {
    std::string log = browser_log();
    close();
    throw ChromiumError(std::string("chromium did not start: ") + e.what() + "\n" + log);
  }
}

ChromiumPage::~ChromiumPage() {
  close();
}

void ChromiumPage::close() {
  if (pid_ > 0) {
    if (to_browser_ >= 0) {
      // Ask politely; the reply may not come (the browser is going away).
      std::string msg = json{{"id", next_id_++}, {"method", "Browser.close"}}.dump();
      msg.push_back('\0');
      [[maybe_unused]] auto n = ::write(to_browser_, msg.data(), msg.size());
    }
    auto deadline = Clock::now() + std::chrono::seconds(5);
    int status = 0;
    bool ended = false;
    while (Clock::now() < deadline) {
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_ || r < 0) {
        ended = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(-pid_, SIGKILL);  // the group: helpers that outlived the browser
    if (!ended) ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  if (to_browser_ >= 0) ::close(to_browser_);
  if (from_browser_ >= 0) ::close(from_browser_);
  to_browser_ = from_browser_ = -1;
  std::error_code ec;
  if (!user_data_dir_.empty()) fs::remove_all(user_data_dir_, ec);
  if (!log_path_.empty()) fs::remove(log_path_, ec);
}

std::string ChromiumPage::browser_log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int ChromiumPage::send(const std::string& method, const std::string& params_json, bool to_page) {
  int id = next_id_++;
  json msg = {{"id", id}, {"method", method}, {"params", json::parse(params_json)}};
  if (to_page) msg["sessionId"] = session_id_;
  std::string text = msg.dump();
  text.push_back('\0');
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(to_browser_, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw ChromiumError("the browser's pipe closed (" + method + ")");
    off += static_cast<size_t>(n);
  }
  return id;
}

bool ChromiumPage::read_message(std::string& out, Clock::time_point deadline) {
  for (;;) {
    if (auto nul = buffer_.find('\0'); nul != std::string::npos) {
      out = buffer_.substr(0, nul);
      buffer_.erase(0, nul + 1);
      return true;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{from_browser_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw ChromiumError(std::string("poll: ") + std::strerror(errno));
    if (r == 0) return false;
    char chunk[65536];
    ssize_t n = ::read(from_browser_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw ChromiumError("the browser closed its pipe (did it crash?)");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

void ChromiumPage::handle_event(const std::string& text) {
  json m = json::parse(text, nullptr, false);
  if (m.is_discarded() || !m.contains("method")) return;
  const std::string method = m["method"].get<std::string>();
  const json& params = m.contains("params") ? m["params"] : json::object();
  if (method == "Page.loadEventFired") {
    load_fired_ = true;
  } else if (method == "Page.javascriptDialogOpening") {
    dialogs_.push_back(params.value("message", ""));
    // The page is blocked until the dialog is answered; the reply is not awaited.
    send("Page.handleJavaScriptDialog", json{{"accept", options_.accept_dialogs}}.dump(), true);
  } else if (method == "Runtime.exceptionThrown") {
    const json& d = params.value("exceptionDetails", json::object());
    std::string what = d.value("text", "exception");
    if (d.contains("exception") && d["exception"].contains("description"))
      what += ": " + d["exception"]["description"].get<std::string>();
    errors_.push_back(what);
  } else if (method == "Runtime.consoleAPICalled" && params.value("type", "") == "error") {
    std::string what = "console.error:";
    for (const auto& a : params.value("args", json::array())) {
      what += " ";
      what += a.contains("value")
                  ? (a["value"].is_string() ? a["value"].get<std::string>() : a["value"].dump())
                  : a.value("description", "?");
    }
    errors_.push_back(what);
  }
}

std::string ChromiumPage::await_reply(int id) {
  auto deadline = Clock::now() + options_.timeout;
  std::string text;
  for (;;) {
    if (!read_message(text, deadline))
      throw ChromiumError("no reply from the browser in " +
                          std::to_string(options_.timeout.count()) + " ms");
    json m = json::parse(text, nullptr, false);
    if (m.is_discarded()) continue;
    if (m.contains("id") && m["id"].is_number_integer() && m["id"].get<int>() == id) {
      if (m.contains("error")) throw ChromiumError("DevTools: " + m["error"].dump());
      return m.value("result", json::object()).dump();
    }
    handle_event(text);  // an event, or the reply to a command not awaited
  }
}

std::string ChromiumPage::call(const std::string& method, const std::string& params_json,
                               bool to_page) {
  return await_reply(send(method, params_json, to_page));
}

void ChromiumPage::navigate(const std::string& url) {
  load_fired_ = false;
  json r = json::parse(call("Page.navigate", json{{"url", url}}.dump(), true));
  if (r.contains("errorText") && !r["errorText"].get<std::string>().empty())
    throw ChromiumError("cannot load " + url + ": " + r["errorText"].get<std::string>());
  if (!r.contains("loaderId")) return;  // the same document (the hash changed)
  auto deadline = Clock::now() + options_.timeout;
  std::string text;
  while (!load_fired_) {
    if (!read_message(text, deadline)) throw ChromiumError("no load event for " + url);
    handle_event(text);
  }
}

std::string ChromiumPage::evaluate(const std::string& expression) {
  json r = json::parse(call("Runtime.evaluate",
                            json{{"expression", expression},
                                 {"returnByValue", true},
                                 {"awaitPromise", true},
                                 {"userGesture", true}}
                                .dump(),
                            true));
  if (r.contains("exceptionDetails")) {
    const json& d = r["exceptionDetails"];
    std::string what = d.value("text", "exception");
    if (d.contains("exception") && d["exception"].contains("description"))
      what += ": " + d["exception"]["description"].get<std::string>();
    throw ChromiumError("evaluate(" + expression + "): " + what);
  }
  const json& v = r.at("result");
  if (v.value("type", "") == "undefined") return "undefined";
  if (!v.contains("value")) return v.value("description", "");
  return v["value"].is_string() ? v["value"].get<std::string>() : v["value"].dump();
}

namespace {
std::string base64_decode(const std::string& in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else
      continue;  // '=' and whitespace
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}
}  // namespace

void ChromiumPage::screenshot(const std::string& path) {
  json r = json::parse(call("Page.captureScreenshot",
                            json{{"format", "png"}, {"captureBeyondViewport", true}}.dump(), true));
  std::ofstream out(path, std::ios::binary);
  out << base64_decode(r.at("data").get<std::string>());
  if (!out) throw ChromiumError("cannot write " + path);
}

bool ChromiumPage::wait_for(const std::string& expression, std::chrono::milliseconds timeout,
                            std::chrono::milliseconds every) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    try {
      if (evaluate(expression) == "true") return true;
    } catch (const ChromiumError&) {
      // not yet (e.g. the element is not there)
    }
    if (Clock::now() + every > deadline) return false;
    // Let events (dialogs, exceptions) in while waiting.
    std::string text;
    auto until = Clock::now() + every;
    while (read_message(text, until)) handle_event(text);
  }
}

}  // namespace rill::testing
