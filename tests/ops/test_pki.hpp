#pragma once
// Certificates for the HTTPS tests, made with the openssl command in a temporary directory.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace ops_test {

// A CA, a server certificate for 127.0.0.1 and localhost, a client certificate, and the
// server's key encrypted with a passphrase.
struct Pki {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("rill-rest-pki-" + std::to_string(::getpid()) + "-" +
                               std::to_string(reinterpret_cast<uintptr_t>(this)));
  Pki() {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "san.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
    const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    sh("openssl req -x509 " + key + " -keyout ca.key -out ca.pem -days 2 -subj /CN=rill-test-ca");
    sh("openssl req " + key + " -keyout server.key -out server.csr -subj /CN=localhost");
    sh("openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
       "-out server.pem -days 2 -extfile san.ext");
    sh("openssl req " + key + " -keyout client.key -out client.csr -subj /CN=operator");
    sh("openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
       "-out client.pem -days 2");
    sh("openssl pkey -in server.key -aes256 -passout pass:secret -out server-enc.key");
  }
  ~Pki() { std::filesystem::remove_all(dir); }
  std::string file(const char* name) const { return (dir / name).string(); }
  void sh(const std::string& cmd) const {
    REQUIRE(std::system(("cd " + dir.string() + " && " + cmd + " >/dev/null 2>&1").c_str()) == 0);
  }
};

}  // namespace ops_test
