// IP addresses as plain values, CIDR ranges, and the special-purpose ranges
// the proxy refuses to connect to unless the policy names them explicitly.
// No asio types here so callers (cli, tests) need not see the event loop.
#ifndef STEPGUARD_EGRESS_ADDRESS_H_
#define STEPGUARD_EGRESS_ADDRESS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace sg::egress {

struct IpAddress {
  bool v6 = false;
  // IPv4 uses bytes[0..3]; IPv6 all 16.
  std::array<uint8_t, 16> bytes{};

  // Canonical text form ("10.0.0.1", "::1").
  std::string ToString() const;
  bool operator==(const IpAddress& o) const {
    return v6 == o.v6 && bytes == o.bytes;
  }
};

// Strict literal parse: dotted-quad IPv4 or RFC 4291 IPv6 text, optionally in
// brackets. Returns nullopt for anything else (decimal or octal shorthand such
// as "2130706433" is not an IP literal here; such names go through the
// resolver and still meet the special-range check).
std::optional<IpAddress> ParseIp(std::string_view text);

struct Cidr {
  IpAddress base;
  int prefix = 0;
  bool Contains(const IpAddress& a) const;
};

// "10.0.0.0/8", "fd00::/8", or a single address (full-length prefix).
Result<Cidr> ParseCidr(std::string_view text);

// Name of the special-purpose range `a` falls in ("loopback", "private",
// "link-local", "cgnat", "multicast", "unique-local", "ipv4-mapped", ...), or
// nullopt for an ordinary public unicast address.
std::optional<std::string_view> SpecialRange(const IpAddress& a);

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_ADDRESS_H_
