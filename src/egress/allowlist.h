// Host allowlist: which (host, port) pairs a task may reach.
//
// Rule syntax (one string per rule, as in the policy's sandbox.network.allow):
//   api.example.com          exact name, ports 80 and 443
//   api.example.com:8443     exact name, that port only
//   *.example.com[:port]     any name strictly below example.com
//   host:*                   any port
//   203.0.113.7[:port]       an IP literal; IP hosts match only IP rules
//   [2001:db8::1][:port]     IPv6 literal
// Names are compared case-insensitively, trailing dot ignored.
#ifndef STEPGUARD_EGRESS_ALLOWLIST_H_
#define STEPGUARD_EGRESS_ALLOWLIST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "egress/address.h"

namespace sg::egress {

struct AllowRule {
  std::string text;  // as written, for the audit log
  std::string host;  // normalised name, or suffix (without "*.") when
                     // `wildcard`, or canonical IP text when `ip`
  bool wildcard = false;
  std::optional<IpAddress> ip;
  std::optional<uint16_t> port;  // nullopt: 80 and 443
  bool any_port = false;
};

// Lower-cases, strips one trailing dot and IPv6 brackets. Returns nullopt for
// a name with characters outside [A-Za-z0-9._-] or with empty labels.
std::optional<std::string> NormalizeHost(std::string_view host);

Result<AllowRule> ParseAllowRule(std::string_view text);

class Allowlist {
 public:
  // Fails on the first invalid rule, naming it.
  static Result<Allowlist> Parse(const std::vector<std::string>& rules);

  // The first rule that allows `host:port` (host already normalised), or
  // nullptr when none does.
  const AllowRule* Match(std::string_view host, uint16_t port) const;

  const std::vector<AllowRule>& rules() const { return rules_; }

 private:
  std::vector<AllowRule> rules_;
};

// Splits "host:port" / "[v6]:port" (CONNECT authority). Port is required.
struct HostPort {
  std::string host;  // normalised
  uint16_t port = 0;
};
Result<HostPort> ParseAuthority(std::string_view authority,
                                std::optional<uint16_t> default_port);

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_ALLOWLIST_H_
