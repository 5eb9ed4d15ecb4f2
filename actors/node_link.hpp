#pragma once
// Links between nodes: publish an actor on a port, reach one published elsewhere. With TLS
// configured both go through CAF's OpenSSL module (mutual authentication by the cluster CA),
// otherwise plain BASP. These calls block: use them from a node's main thread, never from
// inside an actor.
#include <caf/all.hpp>
#include <string>

namespace rill {

caf::expected<uint16_t> publish_actor(caf::actor_system& sys, const caf::actor& a,
                                      const std::string& host, uint16_t port, bool tls);
caf::expected<caf::actor> reach_actor(caf::actor_system& sys, const std::string& host,
                                      uint16_t port, bool tls);

// A failed link in words, with a hint when TLS refused it.
std::string describe_link_error(caf::actor_system& sys, const caf::error& e, bool tls);

}  // namespace rill
