// What the egress proxy is told by its caller (the cli, from the policy and
// the `stepguard exec` flags). Plain data: no sockets, no threads.
#ifndef STEPGUARD_EGRESS_CONFIG_H_
#define STEPGUARD_EGRESS_CONFIG_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "egress/audit_log.h"
#include "egress/resolver.h"

namespace sg::egress {

struct Limits {
  // Client connections served at once (tunnels, HTTP requests and injected
  // requests together); further clients get 503.
  int max_connections = 512;
  // A connection with no bytes in either direction for this long is closed.
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(5);
  // The whole request head (and, for TLS tunnels, the ClientHello) must
  // arrive within this time of accept: slowloris clients are cut off.
  std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(10);
  size_t max_header_bytes = 32 * 1024;
  // Bytes relayed in both directions over the proxy's lifetime (one run);
  // 0 means unlimited. When exceeded, open connections are closed and new
  // ones refused.
  uint64_t bytes_budget = 0;
  // Largest request body forwarded by credential injection.
  size_t max_inject_body_bytes = 64u << 20;
};

// A secret the task may use without ever holding it: the task talks plain
// HTTP to `<local endpoint>/stepguard-inject/<name>/...` and the proxy
// forwards to `origin/...` over TLS with the real credential added.
struct InjectedSecret {
  std::string name;    // environment variable name, e.g. OPENAI_API_KEY
  std::string origin;  // "https://api.example.com" (optionally with a path)
  std::string header = "Authorization";
  bool bearer = true;   // header value "Bearer <value>", else the raw value
  std::string value;    // the secret itself; never logged or echoed
  std::string ca_file;  // extra CA bundle (tests, private CAs); "" = system
};

// Parses the `--inject-secret NAME=https://host[/path]` flag (value left
// empty: the caller reads it from its own environment).
Result<InjectedSecret> ParseInjectSecretFlag(std::string_view flag);
// Applies the policy's `as:` field: "bearer" or "header:<Header-Name>".
Status ApplyInjectAs(std::string_view as, InjectedSecret* secret);

struct Config {
  // Allow rules (see allowlist.h for the syntax). Empty: nothing allowed.
  std::vector<std::string> allow;
  // Addresses or CIDR ranges the proxy may connect to even though they are
  // special (loopback, private, link-local...). An IP literal in `allow` is
  // also allowed as an address. Nothing else in a special range is reachable.
  std::vector<std::string> allow_addresses;
  // host -> IP literals, consulted before `resolver` (tests map names to
  // 127.0.0.x here; a deployment may pin names).
  std::map<std::string, std::vector<std::string>> host_overrides;
  // Resolves names not in `host_overrides`. nullptr: the system resolver.
  std::shared_ptr<Resolver> resolver;
  // Receives one event per decision. nullptr: events are dropped.
  std::shared_ptr<AuditSink> audit;
  Limits limits;
  std::vector<InjectedSecret> secrets;
  // CONNECT ports where a tunnel must start with a ClientHello whose SNI
  // names the CONNECT host before the proxy connects anywhere.
  std::vector<uint16_t> tls_ports = {443};
  // Relay tunnel bytes with splice(2) (no copy through user space); when
  // false, or when no pipe can be created, a user-space buffer is used.
  bool zero_copy = true;
  // Called with the exact address and port just before every upstream
  // connect (tunnels, HTTP and credential injection); returning false
  // refuses that connect. Tests use it as a last line of defence: even a
  // regressed proxy can then never contact anything outside loopback.
  std::function<bool(const IpAddress&, uint16_t)> connect_hook;
};

// Path prefix of credential-injection requests on the proxy's own port.
inline constexpr std::string_view kInjectPathPrefix = "/stepguard-inject/";

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_CONFIG_H_
