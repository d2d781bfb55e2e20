// The egress proxy: an HTTP forward proxy (CONNECT and absolute-form HTTP)
// that lets a sandboxed task reach only allowlisted hosts, at checked public
// addresses, and serves credential injection on the same port.
//
// Threading: Start() runs the event loop on its own thread (plus a small pool
// for name resolution, one thread per injected request, and two relay
// threads per established tunnel, pooled: see relay.h). All public
// methods are thread-safe. Stop() (also run by the destructor) closes every
// listener and connection and joins every thread; it is idempotent.
#ifndef STEPGUARD_EGRESS_PROXY_H_
#define STEPGUARD_EGRESS_PROXY_H_

#include <cstdint>
#include <memory>

#include "base/fd.h"
#include "base/status.h"
#include "egress/config.h"

namespace sg::egress {

struct ProxyStats {
  uint64_t accepted = 0;           // client connections accepted
  uint64_t upstream_connects = 0;  // connect(2) attempts to upstreams
  uint64_t allowed = 0;            // decisions logged as allow
  uint64_t denied = 0;             // decisions logged as deny
  int active = 0;                  // client connections open now
};

class Proxy {
 public:
  // Validates the configuration (allow rules, addresses, overrides, inject
  // origins); InvalidInput names the first bad entry.
  static Result<std::unique_ptr<Proxy>> Create(Config config);
  ~Proxy();
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;

  // Serves connections accepted on `listener`, a bound, listening TCP
  // socket (for `stepguard exec`, one created inside the task's network
  // namespace). Takes ownership. Valid before or after Start().
  Status AddListener(Fd listener);
  // Binds 127.0.0.1:`port` (0 picks one) and serves it; returns the port.
  Result<uint16_t> ListenLoopback(uint16_t port = 0);

  Status Start();
  void Stop();

  ProxyStats stats() const;

 private:
  friend class Session;
  struct Impl;
  explicit Proxy(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// For `stepguard exec`: Create + AddListener(listener) + Start in one call.
// The returned proxy serves until Stop() or destruction.
Result<std::unique_ptr<Proxy>> StartProxy(Config config, Fd listener);

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_PROXY_H_
