#include "egress/address.h"

#include <arpa/inet.h>

#include <cstring>
#include <string>

namespace sg::egress {

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof(buf));
  return buf;
}

std::optional<IpAddress> ParseIp(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.v6 = true;
    return a;
  }
  return std::nullopt;
}

bool Cidr::Contains(const IpAddress& a) const {
  if (a.v6 != base.v6) return false;
  int full = prefix / 8, rest = prefix % 8;
  if (std::memcmp(a.bytes.data(), base.bytes.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a.bytes[full] & mask) == (base.bytes[full] & mask);
}

Result<Cidr> ParseCidr(std::string_view text) {
  size_t slash = text.find('/');
  auto ip = ParseIp(text.substr(0, slash));
  if (!ip) {
    return Status::InvalidInput("not an IP address or CIDR range: '" +
                                std::string(text) + "'");
  }
  int max = ip->v6 ? 128 : 32;
  int prefix = max;
  if (slash != std::string_view::npos) {
    std::string p(text.substr(slash + 1));
    if (p.empty() || p.size() > 3 ||
        p.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(p) > max) {
      return Status::InvalidInput("bad prefix length in '" + std::string(text) +
                                  "'");
    }
    prefix = std::stoi(p);
  }
  return Cidr{*ip, prefix};
}

namespace {

struct Range {
  const char* cidr;
  const char* name;
};

// IANA special-purpose registries (RFC 6890 and successors), plus the
// ranges that embed an IPv4 address in IPv6 (a DNS answer must not reach
// 10.0.0.1 by spelling it ::ffff:10.0.0.1 or 64:ff9b::a00:1).
constexpr Range kRanges[] = {
    {"0.0.0.0/8", "unspecified"},
    {"10.0.0.0/8", "private"},
    {"100.64.0.0/10", "cgnat"},
    {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local"},
    {"172.16.0.0/12", "private"},
    {"192.0.0.0/24", "ietf-protocol"},
    {"192.0.2.0/24", "documentation"},
    {"192.88.99.0/24", "6to4-relay"},
    {"192.168.0.0/16", "private"},
    {"198.18.0.0/15", "benchmarking"},
    {"198.51.100.0/24", "documentation"},
    {"203.0.113.0/24", "documentation"},
    {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved"},
    {"::/128", "unspecified"},
    {"::1/128", "loopback"},
    {"::ffff:0:0/96", "ipv4-mapped"},
    {"::/96", "ipv4-compatible"},
    {"64:ff9b::/96", "nat64"},
    {"64:ff9b:1::/48", "nat64"},
    {"100::/64", "discard"},
    {"2001::/23", "ietf-protocol"},
    {"2001:db8::/32", "documentation"},
    {"2002::/16", "6to4"},
    {"fc00::/7", "unique-local"},
    {"fe80::/10", "link-local"},
    {"fec0::/10", "site-local"},
    {"ff00::/8", "multicast"},
};

}  // namespace

std::optional<std::string_view> SpecialRange(const IpAddress& a) {
  for (const Range& r : kRanges) {
    Result<Cidr> c = ParseCidr(r.cidr);
    if (c.ok() && c->Contains(a)) return std::string_view(r.name);
  }
  return std::nullopt;
}

}  // namespace sg::egress
