#include "egress/gate.h"

namespace sg::egress {

Result<std::unique_ptr<Gate>> Gate::Create(const Config& config) {
  std::unique_ptr<Gate> g(new Gate());
  Result<Allowlist> list = Allowlist::Parse(config.allow);
  if (!list.ok()) return list.status();
  g->allowlist_ = std::move(list).value();
  for (const std::string& a : config.allow_addresses) {
    Result<Cidr> c = ParseCidr(a);
    if (!c.ok()) return c.status().WithContext("allow_addresses");
    g->allowed_.push_back(*c);
  }
  std::map<std::string, std::vector<IpAddress>> table;
  for (const auto& [host, addrs] : config.host_overrides) {
    auto norm = NormalizeHost(host);
    if (!norm) return Status::InvalidInput("host override: bad name " + host);
    for (const std::string& s : addrs) {
      auto ip = ParseIp(s);
      if (!ip) {
        return Status::InvalidInput("host override for " + host +
                                    ": not an IP address: " + s);
      }
      table[*norm].push_back(*ip);
    }
  }
  g->base_resolver_ =
      config.resolver ? config.resolver : std::make_shared<SystemResolver>();
  g->resolver_ = std::make_unique<StaticResolver>(std::move(table),
                                                  g->base_resolver_.get());
  return g;
}

bool Gate::AddressExplicitlyAllowed(const IpAddress& a,
                                    const AllowRule* rule) const {
  if (rule != nullptr && rule->ip && *rule->ip == a) return true;
  for (const Cidr& c : allowed_) {
    if (c.Contains(a)) return true;
  }
  return false;
}

AddressDecision Gate::ResolveChecked(const std::string& host,
                                     const AllowRule* rule) const {
  AddressDecision d;
  std::vector<IpAddress> addrs;
  if (auto ip = ParseIp(host)) {
    addrs.push_back(*ip);
  } else {
    Result<std::vector<IpAddress>> r = resolver_->Resolve(host);
    if (!r.ok()) {
      d.reason = "resolve-failed";
      d.detail = r.status().message();
      return d;
    }
    addrs = std::move(r).value();
  }
  for (const IpAddress& a : addrs) {
    auto special = SpecialRange(a);
    if (!special || AddressExplicitlyAllowed(a, rule)) {
      d.allowed = true;
      d.address = a;
      return d;
    }
    if (!d.address) {
      d.address = a;
      d.reason = "special-range:" + std::string(*special);
    }
  }
  return d;
}

}  // namespace sg::egress
