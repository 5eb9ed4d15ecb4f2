#include "cli/jobs_client.hpp"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "options/usage_error.hpp"

namespace rill::cli {

namespace {

constexpr time_t kConnectSeconds = 5;
constexpr time_t kReadSeconds = 30;

int parse_port(const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
    return 0;
  const int port = std::stoi(text);
  return port <= 65535 ? port : 0;
}

// Why a TCP connection to the endpoint fails ("connection refused"), found by trying one:
// httplib only says that it failed. Empty when it connects (the trouble is elsewhere).
std::string connect_failure(const Endpoint& e) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(e.port);
  if (const int rc = ::getaddrinfo(e.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return ::gai_strerror(rc);
  std::string why = "no address";
  for (addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    const timeval timeout{kConnectSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    const bool ok = ::connect(fd, a->ai_addr, a->ai_addrlen) == 0;
    why = ok ? "" : errno == EINPROGRESS ? "timed out" : std::strerror(errno);
    ::close(fd);
    if (ok) break;
  }
  ::freeaddrinfo(found);
  for (auto& c : why) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return why;
}

std::string describe(httplib::Error error) {
  switch (error) {
    case httplib::Error::SSLConnection:
      return "the TLS handshake failed (is it https? does the server want a client certificate?)";
    case httplib::Error::SSLLoadingCerts:
      return "cannot load the TLS certificates given";
    case httplib::Error::SSLServerVerification:
      return "the server's certificate cannot be verified (--tls-ca=FILE names its CA)";
    case httplib::Error::ConnectionTimeout:
      return "timed out";
    case httplib::Error::Read:
    case httplib::Error::Write:
      return "the server closed the connection (is it http or https? does it want a client "
             "certificate?)";
    default:
      return "error: " + httplib::to_string(error);
  }
}

}  // namespace

std::string Endpoint::url() const {
  const bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Endpoint parse_endpoint(const std::string& text) {
  const auto bad = [&] {
    return UsageError("--endpoint needs HOST:PORT (or http://HOST:PORT, https://HOST:PORT), not '" +
                      text + "'");
  };
  Endpoint e;
  std::string rest = text;
  for (const char* scheme : {"http", "https"})
    if (rest.rfind(std::string(scheme) + "://", 0) == 0) {
      e.scheme = scheme;
      rest.erase(0, e.scheme.size() + 3);
    }
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  size_t colon;
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':')
      throw bad();
    e.host = rest.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = rest.rfind(':');
    if (colon == std::string::npos) throw bad();
    e.host = rest.substr(0, colon);
    if (e.host.find_first_of(":/?#@ ") != std::string::npos) throw bad();
  }
  e.port = parse_port(rest.substr(colon + 1));
  if (e.host.empty() || e.port == 0) throw bad();
  return e;
}

JobsClient::JobsClient(Endpoint endpoint, const ClientTls& tls) : endpoint_(std::move(endpoint)) {
  const bool https = endpoint_.scheme == "https";
  if (!https && (!tls.ca.empty() || !tls.certificate.empty() || !tls.key.empty()))
    throw UsageError("--tls-ca, --tls-certificate and --tls-key need an https:// endpoint");
  if (tls.certificate.empty() != tls.key.empty())
    throw UsageError("--tls-certificate and --tls-key go together");
  client_ = tls.certificate.empty()
                ? std::make_unique<httplib::Client>(endpoint_.url())
                : std::make_unique<httplib::Client>(endpoint_.url(), tls.certificate, tls.key);
  if (https) {
    client_->enable_server_certificate_verification(true);
    if (!tls.ca.empty()) client_->set_ca_cert_path(tls.ca);
  }
  client_->set_connection_timeout(kConnectSeconds);
  client_->set_read_timeout(kReadSeconds);
}

JobsClient::~JobsClient() = default;

namespace {
[[noreturn]] void unreachable(const Endpoint& e, httplib::Error error) {
  std::string why;
  if (error == httplib::Error::Connection) why = connect_failure(e);
  if (why.empty()) why = describe(error);
  throw UnreachableError("cannot reach " + e.url() + ": " + why);
}
}  // namespace

HttpReply JobsClient::get(const std::string& path) {
  auto r = client_->Get(path);
  if (!r) unreachable(endpoint_, r.error());
  return {r->status, r->body};
}

HttpReply JobsClient::post(const std::string& path) {
  auto r = client_->Post(path);
  if (!r) unreachable(endpoint_, r.error());
  return {r->status, r->body};
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace rill::cli
