// Mount namespace: the task sees a read-only view of the host root with
// the writable roots re-bound read-write, protected paths inside them bound
// read-only again, hidden paths masked (empty tmpfs or empty file), a fresh
// /proc for its PID namespace, a minimal /dev and a private /tmp.
// Must run in the child, in a new mount namespace (and PID namespace for
// /proc), with CAP_SYS_ADMIN in the owning user namespace.
#ifndef STEPGUARD_SANDBOX_MOUNT_H_
#define STEPGUARD_SANDBOX_MOUNT_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace sg::sandbox {

struct MountPlan {
  std::vector<std::string> writable;  // absolute, symlinks resolved
  std::vector<std::string>
      protected_paths;              // absolute, existing, under writable
  std::vector<std::string> hidden;  // absolute, symlinks resolved
  std::string cwd;                  // chdir target after pivot
  bool fresh_proc = true;           // needs a PID namespace
};

// Applies the plan; on success the process's root is the new view.
Status ApplyMountNamespace(const MountPlan& plan);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_MOUNT_H_
