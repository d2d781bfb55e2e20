// Network namespace: only loopback, brought up inside the new namespace.
// With allow_net the child also opens the egress proxy's listening socket
// on 127.0.0.1 inside the namespace (the supervisor accepts on it).
#ifndef STEPGUARD_SANDBOX_NET_H_
#define STEPGUARD_SANDBOX_NET_H_

#include "base/fd.h"
#include "base/status.h"

namespace sg::sandbox {

// Sets `lo` up. Needs CAP_NET_ADMIN in the namespace's owner.
Status BringUpLoopback();

struct Listener {
  Fd fd;
  int port = 0;
};
// A TCP socket listening on 127.0.0.1:port (0: kernel picks), close-on-exec.
Result<Listener> CreateLoopbackListener(int port = 0);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_NET_H_
