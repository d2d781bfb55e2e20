// Landlock: a filesystem allow-list enforced by the kernel independently of
// the mount namespace (defence in depth, and the confining layer when
// namespaces are unavailable). Writes only to the writable roots, /tmp and
// /dev; reads and execution are not handled (allowed everywhere: hiding is
// the mount namespace's job, and handling them costs every lookup). When there
// is no network namespace, TCP bind/connect are denied except to
// `allowed_tcp_port`. With ABI >= 6, signals and abstract Unix sockets are
// scoped to the sandbox.
#ifndef STEPGUARD_SANDBOX_LANDLOCK_H_
#define STEPGUARD_SANDBOX_LANDLOCK_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace sg::sandbox {

// The kernel's Landlock ABI version, or 0 when unsupported/disabled.
int LandlockAbiVersion();

struct LandlockPlan {
  std::vector<std::string> writable;  // paths as seen by the task
  bool restrict_tcp = false;          // no network namespace
  bool sole_confinement = false;      // no mount namespace: also handle
                                      // truncate and device ioctls
  int allowed_tcp_port = 0;           // the proxy port (0: none)
};

// Restricts the calling thread (and its future children). Needs
// no_new_privs or CAP_SYS_ADMIN. Returns a short description on success.
Result<std::string> ApplyLandlock(const LandlockPlan& plan);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_LANDLOCK_H_
