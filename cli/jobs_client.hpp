#pragma once
// The HTTP side of `rill jobs`: where the REST API is (--endpoint or RILL_ENDPOINT) and a
// request to it. cpp-httplib; HTTPS when the endpoint says https://.
#include <memory>
#include <stdexcept>
#include <string>

namespace httplib {
class Client;
}

namespace rill::cli {

struct Endpoint {
  std::string scheme = "http";  // or "https"
  std::string host;             // without brackets for IPv6
  int port = 0;
  std::string url() const;  // "http://HOST:PORT"
};

// "HOST:PORT", "[V6]:PORT", optionally after "http://" or "https://" (and before one '/').
// Throws UsageError naming the text on anything else.
Endpoint parse_endpoint(const std::string& text);

struct ClientTls {
  std::string ca;                // verify the server against this CA (else the system's)
  std::string certificate, key;  // a client certificate, when the server asks for one
};

// The endpoint cannot be reached: the message says which and why ("connection refused").
class UnreachableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpReply {
  int status = 0;
  std::string body;
};

class JobsClient {
 public:
  JobsClient(Endpoint endpoint, const ClientTls& tls);
  ~JobsClient();
  // Throw UnreachableError when no reply comes.
  HttpReply get(const std::string& path);
  HttpReply post(const std::string& path);
  const Endpoint& endpoint() const { return endpoint_; }

 private:
  Endpoint endpoint_;
  std::unique_ptr<httplib::Client> client_;
};

// Percent-encodes a path segment or query value (a job id, a directory, a reason).
std::string url_encode(const std::string& s);

}  // namespace rill::cli
