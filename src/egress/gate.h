// The decision part of the proxy, free of sockets: does the allowlist admit
// host:port, and which resolved address may be connected to.
#ifndef STEPGUARD_EGRESS_GATE_H_
#define STEPGUARD_EGRESS_GATE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "egress/address.h"
#include "egress/allowlist.h"
#include "egress/config.h"
#include "egress/resolver.h"

namespace sg::egress {

struct AddressDecision {
  bool allowed = false;
  std::optional<IpAddress> address;  // chosen, or the first refused one
  std::string reason;  // deny reason id when !allowed (see AuditEvent::rule)
  std::string detail;
};

class Gate {
 public:
  // Parses allow rules, allowed addresses and host overrides.
  static Result<std::unique_ptr<Gate>> Create(const Config& config);

  // The allow rule admitting host:port (host normalised), or nullptr.
  const AllowRule* Match(const std::string& host, uint16_t port) const {
    return allowlist_.Match(host, port);
  }

  // Resolves `host` (IP literals are used as they are) and returns the first
  // address that is public or explicitly allowed (by `allow_addresses`, or by
  // `rule` naming that very IP). May block on DNS: call off the event loop.
  AddressDecision ResolveChecked(const std::string& host,
                                 const AllowRule* rule) const;

  bool AddressExplicitlyAllowed(const IpAddress& a,
                                const AllowRule* rule) const;

 private:
  Gate() = default;
  Allowlist allowlist_;
  std::vector<Cidr> allowed_;
  std::shared_ptr<Resolver> base_resolver_;
  std::unique_ptr<StaticResolver> resolver_;
};

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_GATE_H_
