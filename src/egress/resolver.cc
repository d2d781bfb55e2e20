#include "egress/resolver.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace sg::egress {

Result<std::vector<IpAddress>> SystemResolver::Resolve(
    const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &res);
  if (rc != 0) {
    return Status::NotFound("cannot resolve " + host + ": " + gai_strerror(rc));
  }
  std::vector<IpAddress> out;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    IpAddress a;
    if (ai->ai_family == AF_INET) {
      auto* sin = reinterpret_cast<sockaddr_in*>(ai->ai_addr);
      std::memcpy(a.bytes.data(), &sin->sin_addr, 4);
    } else if (ai->ai_family == AF_INET6) {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(ai->ai_addr);
      a.v6 = true;
      std::memcpy(a.bytes.data(), &sin6->sin6_addr, 16);
    } else {
      continue;
    }
    bool dup = false;
    for (const IpAddress& b : out) dup = dup || b == a;
    if (!dup) out.push_back(a);
  }
  freeaddrinfo(res);
  if (out.empty()) return Status::NotFound("no addresses for " + host);
  return out;
}

Result<std::vector<IpAddress>> StaticResolver::Resolve(
    const std::string& host) {
  auto it = table_.find(host);
  if (it != table_.end() && !it->second.empty()) return it->second;
  if (fallback_ != nullptr) return fallback_->Resolve(host);
  return Status::NotFound("cannot resolve " + host + ": not in table");
}

}  // namespace sg::egress
