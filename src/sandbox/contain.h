// The child side of the sandbox: everything between clone() and the task's
// execve. ContainAndRun lists the order of operations; each step lives in
// its own file (mount.cc, net.cc, user.cc, rlimits.cc, landlock.cc,
// caps.cc, seccomp.cc). The child becomes the PID namespace's init: it
// starts the task, forwards signals, reaps everything, reports the task's
// status and exits, which makes the kernel kill whatever the task left.
#ifndef STEPGUARD_SANDBOX_CONTAIN_H_
#define STEPGUARD_SANDBOX_CONTAIN_H_

#include <signal.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "sandbox/config.h"
#include "sandbox/landlock.h"
#include "sandbox/mount.h"
#include "sandbox/seccomp.h"

namespace sg::sandbox {

struct ChildSpec {
  const Config* config = nullptr;
  int namespaces = 0;  // CLONE_NEW* flags the child was created with
  bool caller_is_root = false;
  uid_t uid = 0;  // the task's ids
  gid_t gid = 0;
  MountPlan mounts;
  LandlockPlan landlock;
  std::vector<std::string> env;  // "NAME=value", proxy variables added later
  int channel = -1;              // child end of the control channel
  int stdout_w = -1, stderr_w = -1;
  std::vector<int> close_fds;  // supervisor-only fds to close first
  sigset_t task_mask;          // signal mask the task starts with
  SeccompProgram seccomp;      // compiled by the supervisor before clone
  // The supervisor moves this process into a cgroup leaf after "G" (the
  // move waits for an RCU grace period, so it overlaps the setup here) and
  // then sends "C" (moved) or "c<reason>"; the task starts only after it.
  bool await_cgroup = false;
};

// Never returns. Exit status is meaningless; results go over the channel.
[[noreturn]] void ContainAndRun(ChildSpec& spec);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_CONTAIN_H_
