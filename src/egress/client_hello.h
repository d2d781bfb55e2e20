// Extracts the server name (SNI) from the first bytes a client sends in a
// TLS tunnel, so the proxy can refuse a ClientHello whose SNI differs from the
// CONNECT host (domain fronting through an allowed name).
#ifndef STEPGUARD_EGRESS_CLIENT_HELLO_H_
#define STEPGUARD_EGRESS_CLIENT_HELLO_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sg::egress {

struct ClientHelloScan {
  enum class State {
    kNeedMore,   // a prefix of a plausible ClientHello; read more bytes
    kNotTls,     // first byte is not a TLS handshake record
    kMalformed,  // TLS handshake that is not a well-formed ClientHello
    kComplete,   // parsed; `sni` set when the extension was present
  };
  State state = State::kNeedMore;
  std::optional<std::string> sni;  // lower-case host_name
};

// The ClientHello may span several handshake records; at most
// kMaxClientHelloBytes are considered before the scan is kMalformed.
inline constexpr size_t kMaxClientHelloBytes = 64 * 1024;

ClientHelloScan ScanClientHello(std::string_view data);

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_CLIENT_HELLO_H_
