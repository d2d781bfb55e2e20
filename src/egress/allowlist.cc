#include "egress/allowlist.h"

#include <string>

#include "base/strings.h"

namespace sg::egress {

namespace {

std::optional<uint16_t> ParsePort(std::string_view s) {
  if (s.empty() || s.size() > 5 ||
      s.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  int v = std::stoi(std::string(s));
  if (v < 1 || v > 65535) return std::nullopt;
  return static_cast<uint16_t>(v);
}

// Splits text into host and optional port text; handles [v6]:port and bare
// v6 literals (more than one colon, no brackets: no port).
bool SplitHostPort(std::string_view text, std::string_view* host,
                   std::optional<std::string_view>* port) {
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    *host = text.substr(0, close + 1);
    std::string_view rest = text.substr(close + 1);
    if (rest.empty()) {
      *port = std::nullopt;
    } else if (rest.front() == ':') {
      *port = rest.substr(1);
    } else {
      return false;
    }
    return true;
  }
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || text.find(':') != colon) {
    *host = text;  // no port, or a bare IPv6 literal
    *port = std::nullopt;
    return true;
  }
  *host = text.substr(0, colon);
  *port = text.substr(colon + 1);
  return true;
}

}  // namespace

std::optional<std::string> NormalizeHost(std::string_view host) {
  if (auto ip = ParseIp(host)) return ip->ToString();
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || host.size() > 253) return std::nullopt;
  std::string out = ToLower(host);
  char prev = '.';
  for (char c : out) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.';
    if (!ok || (c == '.' && prev == '.')) return std::nullopt;
    prev = c;
  }
  return out;
}

Result<AllowRule> ParseAllowRule(std::string_view text) {
  std::string_view t = Trim(text);
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("network allow rule '" + std::string(text) +
                                "': " + why);
  };
  std::string_view host;
  std::optional<std::string_view> port_text;
  if (!SplitHostPort(t, &host, &port_text)) return bad("malformed");
  AllowRule r;
  r.text = std::string(t);
  if (port_text) {
    if (*port_text == "*") {
      r.any_port = true;
    } else {
      r.port = ParsePort(*port_text);
      if (!r.port) return bad("port must be 1-65535 or *");
    }
  }
  if (StartsWith(host, "*.")) {
    r.wildcard = true;
    host.remove_prefix(2);
    if (ParseIp(host)) return bad("wildcards apply to names, not addresses");
  } else if (host.find('*') != std::string_view::npos) {
    return bad("only a leading '*.' wildcard is supported");
  }
  auto norm = NormalizeHost(host);
  if (!norm) return bad("not a valid host name or IP address");
  if (r.wildcard && norm->find('.') == std::string::npos) {
    // "*.com" would open a whole top-level domain: almost surely a mistake.
    return bad("wildcard suffix needs at least two labels");
  }
  r.host = *norm;
  if (!r.wildcard) r.ip = ParseIp(r.host);
  return r;
}

Result<Allowlist> Allowlist::Parse(const std::vector<std::string>& rules) {
  Allowlist list;
  for (const std::string& text : rules) {
    Result<AllowRule> r = ParseAllowRule(text);
    if (!r.ok()) return r.status();
    list.rules_.push_back(std::move(r).value());
  }
  return list;
}

const AllowRule* Allowlist::Match(std::string_view host, uint16_t port) const {
  bool host_is_ip = ParseIp(host).has_value();
  for (const AllowRule& r : rules_) {
    bool port_ok =
        r.any_port || (r.port ? *r.port == port : (port == 80 || port == 443));
    if (!port_ok) continue;
    if (host_is_ip) {
      if (r.ip && r.host == host) return &r;
      continue;
    }
    if (r.ip) continue;
    if (r.wildcard) {
      if (host.size() > r.host.size() + 1 && EndsWith(host, r.host) &&
          host[host.size() - r.host.size() - 1] == '.') {
        return &r;
      }
    } else if (host == r.host) {
      return &r;
    }
  }
  return nullptr;
}

Result<HostPort> ParseAuthority(std::string_view authority,
                                std::optional<uint16_t> default_port) {
  std::string_view host;
  std::optional<std::string_view> port_text;
  auto bad = Status::InvalidInput("malformed host:port");
  if (!SplitHostPort(authority, &host, &port_text)) return bad;
  // A bare IPv6 literal without brackets is ambiguous in an authority.
  if (!host.empty() && host.front() != '[' &&
      host.find(':') != std::string_view::npos) {
    return bad;
  }
  HostPort hp;
  if (port_text) {
    auto p = ParsePort(*port_text);
    if (!p) return bad;
    hp.port = *p;
  } else if (default_port) {
    hp.port = *default_port;
  } else {
    return bad;
  }
  auto norm = NormalizeHost(host);
  if (!norm) return bad;
  hp.host = *norm;
  return hp;
}

}  // namespace sg::egress
