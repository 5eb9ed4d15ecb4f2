// Reading and checking a node's settings. Everything that could make CAF abort or hang later
// (a missing certificate, a key that does not match, a wrong passphrase) is checked here,
// before any actor system starts, and reported as a ConfigError naming the key.
#include "actors/node_settings.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <sys/stat.h>
#include <caf/detail/ini_consumer.hpp>
#include <caf/detail/parser/read_ini.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string_view>

#include "actors/node_system.hpp"

namespace rill {
namespace {

NodeRole role_from(const std::string& r) {
  if (r.empty() || r == "local") return NodeRole::kLocal;
  if (r == "coordinator") return NodeRole::kCoordinator;
  if (r == "worker") return NodeRole::kWorker;
  throw ConfigError("rill.role: unknown role '" + r + "' (local, coordinator or worker)");
}

void check_port(const char* key, int port, int min) {
  if (port < min || port > 65535)
    throw ConfigError(std::string(key) + ": " + std::to_string(port) + " is not a port (" +
                      std::to_string(min) + "..65535)");
}

int64_t millis(const char* key, caf::timespan t, int64_t min_ms) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t).count();
  if (ms < min_ms)
    throw ConfigError(std::string(key) + ": must be at least " + std::to_string(min_ms) + "ms");
  return ms;
}

std::string openssl_reason() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "not a PEM file";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

// PEM files are small regular files: a FIFO would block start-up forever, and OpenSSL takes
// about twice a huge file's size in memory.
constexpr off_t kMaxPemBytes = 1 << 20;

std::unique_ptr<FILE, FileCloser> open_pem(const char* key, const std::string& path) {
  std::unique_ptr<FILE, FileCloser> f(std::fopen(path.c_str(), "r"));
  if (!f) throw ConfigError(std::string(key) + ": cannot read '" + path + "'");
  struct stat st {};
  if (::fstat(::fileno(f.get()), &st) != 0 || !S_ISREG(st.st_mode))
    throw ConfigError(std::string(key) + ": '" + path + "' is not a regular file");
  if (st.st_size > kMaxPemBytes)
    throw ConfigError(std::string(key) + ": '" + path + "' is larger than 1 MiB");
  return f;
}

int passphrase_cb(char* buf, int size, int, void* u) {
  const auto* pass = static_cast<const std::string*>(u);
  if (pass->empty()) return -1;  // an encrypted key without a passphrase: fail, don't prompt
  const int n = std::min(size, static_cast<int>(pass->size()));
  std::copy_n(pass->data(), n, buf);
  return n;
}

// Loads the certificate, key and CA the way the TLS module will, so that a bad file is an
// error here rather than an abort (or a hang, for a wrong passphrase) inside CAF.
void check_tls(const NodeSettings& s) {
  const bool any = !s.tls_certificate.empty() || !s.tls_key.empty() || !s.tls_ca.empty();
  if (!any) return;
  if (s.tls_certificate.empty() || s.tls_key.empty() || s.tls_ca.empty())
    throw ConfigError(
        "rill.tls-certificate, rill.tls-key and rill.tls-ca must be given together (got " +
        std::string(s.tls_certificate.empty() ? "" : "certificate ") +
        (s.tls_key.empty() ? "" : "key ") + (s.tls_ca.empty() ? "" : "ca ") + "only)");
  auto cf = open_pem("rill.tls-certificate", s.tls_certificate);
  X509* cert = PEM_read_X509(cf.get(), nullptr, nullptr, nullptr);
  if (!cert)
    throw ConfigError("rill.tls-certificate: '" + s.tls_certificate +
                      "' holds no certificate: " + openssl_reason());
  std::unique_ptr<X509, decltype(&X509_free)> cert_guard(cert, X509_free);
  auto kf = open_pem("rill.tls-key", s.tls_key);
  std::string pass = s.tls_passphrase;
  EVP_PKEY* key = PEM_read_PrivateKey(kf.get(), nullptr, passphrase_cb, &pass);
  if (!key)
    throw ConfigError("rill.tls-key: cannot load the private key '" + s.tls_key + "'" +
                      (s.tls_passphrase.empty() ? " (if it is encrypted, set rill.tls-passphrase)"
                                                : " (wrong rill.tls-passphrase?)") +
                      ": " + openssl_reason());
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_guard(key, EVP_PKEY_free);
  if (X509_check_private_key(cert, key) != 1) {
    ERR_clear_error();
    throw ConfigError("rill.tls-key: '" + s.tls_key + "' does not belong to the certificate '" +
                      s.tls_certificate + "'");
  }
  auto af = open_pem("rill.tls-ca", s.tls_ca);
  X509* ca = PEM_read_X509(af.get(), nullptr, nullptr, nullptr);
  if (!ca)
    throw ConfigError("rill.tls-ca: '" + s.tls_ca + "' holds no certificate: " + openssl_reason());
  X509_free(ca);
}

// --- the config file ------------------------------------------------------------------------
// CAF 0.17 reports a syntax error in the file as `parser_error(unexpected_character, {line 2,
// column 21})` without the file or key, silently drops a value of the wrong type (port="abc",
// heartbeat-interval=5) and recurses once per nested list or map (100,000 '[' overflow the
// stack). So rill reads the file first: one error naming the file, the line and the key.

constexpr size_t kMaxConfigFileBytes = 1 << 20;
constexpr int kMaxConfigNesting = 32;

std::string pec_words(uint8_t code) {
  std::string s = caf::to_string(static_cast<caf::pec>(code));
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// The entry `name` of a parser error's context ({"line" = L, "column" = C} or
// {"argument" = A}), or nothing.
const caf::config_value* context_entry(const caf::error& err, const char* name) {
  if (!err.context().match_elements<caf::config_value::dictionary>()) return nullptr;
  const auto& d = err.context().get_as<caf::config_value::dictionary>(0);
  auto it = d.find(caf::string_view{name, std::strlen(name)});
  return it == d.end() ? nullptr : &it->second;
}

// A CAF error from parsing options, as one line: "ARGUMENT: what went wrong".
std::string describe(const caf::error& err) {
  if (err.category() == caf::atom("parser")) {
    if (const auto* arg = context_entry(err, "argument"))
      if (const auto* text = caf::get_if<std::string>(arg))
        return *text + ": " + pec_words(err.code());
    return pec_words(err.code());
  }
  return caf::actor_system_config::render(err);
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// The length of the timespan literal that `s` starts with (digits, then h, min, s, ms, us or
// ns) if its value does not fit int64 nanoseconds, else 0. CAF 0.17 multiplies it out
// unchecked (found by fuzz_node_settings: 4398046511103h, signed overflow).
size_t overflowing_timespan(std::string_view s) {
  size_t digits = 0;
  uint64_t value = 0;
  bool huge = false;
  for (; digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits])); ++digits) {
    if (value > std::numeric_limits<uint64_t>::max() / 100)
      huge = true;
    else
      value = value * 10 + static_cast<uint64_t>(s[digits] - '0');
  }
  if (digits == 0) return 0;
  static constexpr std::pair<std::string_view, uint64_t> kUnits[] = {{"ns", 1},
                                                                     {"us", 1000},
                                                                     {"ms", 1000000},
                                                                     {"min", 60000000000ULL},
                                                                     {"s", 1000000000ULL},
                                                                     {"h", 3600000000000ULL}};
  const std::string_view rest = s.substr(digits);
  for (const auto& [suffix, ns] : kUnits) {
    if (rest.substr(0, suffix.size()) != suffix) continue;
    const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) / ns;
    return huge || value > limit ? digits + suffix.size() : 0;
  }
  return 0;
}

class ConfigFile {
 public:
  ConfigFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    std::string_view rest = text_;
    std::string section;
    while (true) {
      const size_t nl = rest.find('\n');
      const std::string_view text = rest.substr(0, nl);
      Line l{text.size(), section, ""};
      const std::string t = trim(text);
      if (!t.empty() && t.front() == '[') {
        const size_t close = t.find(']');
        section = l.section = trim(t.substr(1, close == std::string::npos ? t.npos : close - 1));
      } else {
        size_t n = 0;
        while (n < t.size() && (std::isalnum(static_cast<unsigned char>(t[n])) || t[n] == '-' ||
                                t[n] == '_' || t[n] == '.'))
          ++n;
        const std::string after = trim(std::string_view(t).substr(n));
        if (n > 0 && !after.empty() && (after.front() == '=' || after.front() == '{'))
          l.key = t.substr(0, n);
      }
      lines_.push_back(std::move(l));
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }

  // Reads the file CAF will read; nullopt if there is none (only when not `required`).
  static std::optional<ConfigFile> read(const std::string& path, bool required) {
    errno = 0;
    std::unique_ptr<FILE, FileCloser> f(std::fopen(path.c_str(), "r"));
    if (!f) {
      if (!required) return std::nullopt;
      throw ConfigError("config file '" + path + "': cannot open it (" + std::strerror(errno) +
                        ")");
    }
    std::string text;
    char buf[1 << 14];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
      text.append(buf, n);
      if (text.size() > kMaxConfigFileBytes)
        throw ConfigError("config file '" + path + "': larger than 1 MiB");
    }
    if (std::ferror(f.get()))
      throw ConfigError("config file '" + path + "': cannot read it (" + std::strerror(errno) +
                        ")");
    return ConfigFile(path, std::move(text));
  }

  void check(const NodeSystemConfig& cfg) const {
    scan();
    // CAF's own parse_config() reports an error only if it stopped before the end: it
    // accepts a list, map or string still open there (`slots=[1,`) and drops the value. So
    // its parser is run here (CAF 0.17's detail API), and any state but success is an error.
    caf::settings content;
    const caf::config_option_set no_options;  // every value as written, unchecked
    caf::detail::ini_consumer consumer{no_options, content};
    caf::parser_state<const char*> ps{text_.data(), text_.data() + text_.size()};
    caf::detail::parser::read_ini(ps, consumer);
    if (ps.code != caf::pec::success || ps.i != ps.e) syntax_error(ps.code, ps.line, ps.column);
    check_keys(cfg, content);
  }

 private:
  struct Line {
    size_t length;        // in characters, without the newline
    std::string section;  // the [section] it belongs to
    std::string key;      // the key it sets, if any
  };

  [[noreturn]] void fail(int line, const std::string& key, const std::string& what) const {
    std::string msg = "config file '" + path_ + "'";
    if (line > 0) msg += ", line " + std::to_string(line);
    msg += ": ";
    if (!key.empty()) msg += key + ": ";
    throw ConfigError(msg + what);
  }

  // "group.key" for the key line `line` (1-based) sets, or "".
  std::string key_at(int line) const {
    if (line < 1 || static_cast<size_t>(line) > lines_.size()) return "";
    const Line& l = lines_[static_cast<size_t>(line) - 1];
    if (l.key.empty()) return "";
    return l.section.empty() ? l.key : l.section + "." + l.key;
  }

  // The line that sets `key` in `section`, or 0.
  int line_of(const std::string& section, const std::string& key) const {
    for (size_t i = 0; i < lines_.size(); ++i)
      if (lines_[i].key == key && lines_[i].section == section) return static_cast<int>(i) + 1;
    return 0;
  }

  // Lists and maps nest at most kMaxConfigNesting deep, and no timespan overflows. Strings ("..."
  // with escapes), atoms
  // ('...'), URIs (<...>) and comments (; to the end of the line) are skipped as CAF reads
  // them; brackets inside atoms and URIs still count, so this never counts fewer than CAF.
  void scan() const {
    int depth = 0;
    int line = 1;
    enum { kPlain, kString, kAtom, kUri, kComment } state = kPlain;
    for (size_t i = 0; i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == '\n') {
        ++line;
        state = kPlain;
        continue;
      }
      switch (state) {
        case kString:
          if (c == '\\' && i + 1 < text_.size() && text_[i + 1] != '\n')
            ++i;
          else if (c == '"')
            state = kPlain;
          continue;
        case kComment:
          continue;
        case kAtom:
        case kUri:
          if (c == (state == kAtom ? '\'' : '>')) state = kPlain;
          break;
        case kPlain:
          if (c == '"')
            state = kString;
          else if (c == '\'')
            state = kAtom;
          else if (c == '<')
            state = kUri;
          else if (c == ';')
            state = kComment;
          else if (std::isdigit(static_cast<unsigned char>(c)) &&
                   (i == 0 || !is_name_char(text_[i - 1])))
            if (const size_t n = overflowing_timespan(std::string_view(text_).substr(i)))
              fail(line, key_at(line), "timespan " + text_.substr(i, n) + " is out of range");
          break;
      }
      if (c == '[' || c == '{') {
        if (++depth > kMaxConfigNesting)
          fail(
              line, key_at(line),
              "lists and maps nested deeper than " + std::to_string(kMaxConfigNesting) + " levels");
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
  }

  [[noreturn]] void syntax_error(caf::pec code, int line, int column) const {
    // CAF counts a newline as column 1 of the next line, so from line 2 on its column is one
    // past the character it stopped at; column 1 there is the newline ending the line before
    // (a line it could not finish): name that line.
    if (line > 1 && --column < 1 && static_cast<size_t>(line) <= lines_.size() + 1) {
      --line;
      column = static_cast<int>(lines_[static_cast<size_t>(line) - 1].length) + 1;
    }
    column = std::max(column, 1);
    fail(line, key_at(line),
         "syntax error at column " + std::to_string(column) + " (" +
             pec_words(static_cast<uint8_t>(code)) + ")");
  }

  // Every key must be an option, and every value of the option's type. The first problem
  // in the file is reported.
  void check_keys(const NodeSystemConfig& cfg, const caf::settings& content) const {
    struct Problem {
      int line;
      std::string key, what;
    };
    std::optional<Problem> first;
    auto note = [&](const std::string& group, const std::string& key, std::string what) {
      const int line = line_of(group == "global" ? "" : group, key);
      const int order = line == 0 ? std::numeric_limits<int>::max() : line;
      if (!first || order < (first->line == 0 ? std::numeric_limits<int>::max() : first->line))
        first = Problem{line, group == "global" ? key : group + "." + key, std::move(what)};
    };
    auto check_value = [&](const std::string& group, const std::string& key,
                           const caf::config_value& value) {
      if (group == "openssl") {
        note(group, key, "use tls-certificate, tls-key and tls-ca in [rill], not [openssl]");
        return;
      }
      const caf::config_option* opt = cfg.option(group, key);
      if (opt == nullptr) {
        note(group, key, "unknown configuration key (see rill --help)");
      } else if (opt->check(value)) {
        note(group, key,
             "expected a value of type " +
                 std::string(opt->type_name().begin(), opt->type_name().end()) + ", got " +
                 caf::to_string(value));
      }
    };
    for (const auto& [name, value] : content) {
      if (const auto* group = caf::get_if<caf::config_value::dictionary>(&value)) {
        for (const auto& [key, v] : *group) check_value(name, key, v);
      } else {
        check_value("global", name, value);
      }
    }
    if (first) fail(first->line, first->key, first->what);
  }

  std::string path_;
  std::string text_;
  std::vector<Line> lines_;
};

}  // namespace

const char* to_string(NodeRole r) {
  switch (r) {
    case NodeRole::kLocal:
      return "local";
    case NodeRole::kCoordinator:
      return "coordinator";
    case NodeRole::kWorker:
      return "worker";
  }
  return "?";
}

NodeSettings parse_node_settings(std::vector<std::string>& args) {
  NodeSettings s;
  std::vector<std::string> rest;
  for (auto& a : args) (is_node_option(a) ? s.caf_args : rest).push_back(std::move(a));
  args = std::move(rest);
  for (const auto& a : s.caf_args)
    if (a.rfind("--openssl.", 0) == 0)
      throw ConfigError(a.substr(0, a.find('=')) +
                        ": set TLS with --rill.tls-certificate, --rill.tls-key and --rill.tls-ca");
  NodeSystemConfig cfg;
  // The file CAF is about to read, checked first; then CAF reads it and the options.
  const std::optional<std::string> file_arg = cfg.config_file_arg(s.caf_args);
  if (auto file = ConfigFile::read(file_arg.value_or("caf-application.ini"), file_arg.has_value()))
    file->check(cfg);
  for (const auto& a : s.caf_args) {  // CAF parses a timespan option's value unchecked too
    const size_t eq = a.find('=');
    const size_t dot = a.find('.');
    if (eq == std::string::npos || dot == std::string::npos || dot > eq) continue;
    const caf::config_option* opt =
        cfg.option(a.substr(2, dot - 2), a.substr(dot + 1, eq - dot - 1));
    if (opt == nullptr || opt->type_name() != "timespan") continue;
    size_t digits = eq + 1;
    if (digits < a.size() && (a[digits] == '-' || a[digits] == '+')) ++digits;
    if (overflowing_timespan(std::string_view(a).substr(digits)))
      throw ConfigError(a + ": timespan out of range");
  }
  std::vector<std::string> caf_args = s.caf_args;
  if (auto err = cfg.parse(caf_args)) throw ConfigError("node settings: " + describe(err));
  // --dump-config: CAF printed the configuration; the program should stop there.
  s.printed_only = cfg.cli_helptext_printed;
  if (cfg.content.count("openssl"))
    throw ConfigError(
        "[openssl] in the config file: use tls-certificate, tls-key and tls-ca "
        "in [rill]");
  for (const auto& k : cfg.unknown_keys())
    throw ConfigError("unknown configuration key '" + k + "' (see rill --help)");
  s.role = role_from(cfg.role);
  s.coordinator_host = cfg.coordinator_host;
  s.coordinator_port = cfg.coordinator_port;
  s.host = cfg.host;
  s.port = cfg.port;
  s.workers = cfg.workers;
  s.slots = cfg.slots;
  s.tls_certificate = cfg.tls_certificate;
  s.tls_key = cfg.tls_key;
  s.tls_ca = cfg.tls_ca;
  s.tls_passphrase = cfg.tls_passphrase;
  s.heartbeat_ms = millis("rill.heartbeat-interval", cfg.heartbeat, 10);
  s.connection_timeout_ms = millis("rill.connection-timeout", cfg.connection_timeout, 100);
  s.startup_timeout_ms = millis("rill.startup-timeout", cfg.startup_timeout, 100);
  if (s.connection_timeout_ms <= s.heartbeat_ms)
    throw ConfigError("rill.connection-timeout must be longer than rill.heartbeat-interval");
  if (s.role == NodeRole::kLocal) return s;
  if (s.coordinator_host.empty()) throw ConfigError("rill.coordinator-host: empty");
  check_port("rill.coordinator-port", s.coordinator_port, 1);
  if (s.role == NodeRole::kWorker) {
    if (s.host.empty()) throw ConfigError("rill.host: empty");
    check_port("rill.port", s.port, 0);
    if (s.slots < 1 || s.slots > 256)
      throw ConfigError("rill.slots: " + std::to_string(s.slots) + " (1..256)");
  } else if (s.workers < 1 || s.workers > 1024) {
    throw ConfigError("rill.workers: " + std::to_string(s.workers) + " (1..1024)");
  }
  check_tls(s);
  return s;
}

}  // namespace rill
