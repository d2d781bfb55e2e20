// Seccomp, installed last before the task starts: a deny-list of the
// syscalls an escaping task needs and a normal one does not (ptrace,
// process_vm_*, bpf, perf_event_open, kexec_*, the mount API, keyrings,
// userfaultfd, io_uring, module loading, setns, new user namespaces, raw and
// packet sockets, TIOCSTI). Denied calls fail with EPERM.
//
// When the kernel supports SECCOMP_RET_USER_NOTIF the denied calls are
// routed to a notification fd that the supervisor reads (SeccompNotifier) so
// every denial is observed and logged before it is answered with EPERM, and
// (Linux 5.5+, SECCOMP_USER_NOTIF_FLAG_CONTINUE) every execve is logged
// before it continues, so the audit log lists the processes started.
#ifndef STEPGUARD_SANDBOX_SECCOMP_H_
#define STEPGUARD_SANDBOX_SECCOMP_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

#include "base/fd.h"
#include "base/status.h"

// <linux/seccomp.h>, defined in seccomp.cc's includes.
struct seccomp_notif;
struct seccomp_notif_resp;

namespace sg::sandbox {

struct SeccompResult {
  Fd notify_fd;        // valid when denials are routed to the supervisor
  std::string detail;  // for the layer report
};

// The user-notification filter compiled to BPF ahead of the clone, so the
// sandbox child only has to load it: libseccomp's compilation (name
// lookups, hashing, tree building, allocation in freshly copied pages) is
// not repeated in the child. Empty when compilation failed (the child then
// falls back to InstallSeccompFilter's own compilation).
struct SeccompProgram {
  std::string bpf;  // struct sock_filter[], native byte order
};
SeccompProgram CompileNotifyFilter();

// Loads the filter into the calling process (requires no_new_privs or
// CAP_SYS_ADMIN). `want_notify`: try user notification first, with
// `precompiled` when it is not empty.
Result<SeccompResult> InstallSeccompFilter(
    bool want_notify, const SeccompProgram& precompiled = {});

struct DeniedSyscall {
  pid_t pid;            // in the supervisor's PID namespace
  std::string syscall;  // name, or "syscall_<nr>"
};

// An execve/execveat seen through the notification fd (allowed to continue).
struct ExecEvent {
  pid_t pid;
  std::string path;  // "" when the caller's memory could not be read
};

// Supervisor side of the notification fd. Not thread-safe.
class SeccompNotifier {
 public:
  explicit SeccompNotifier(Fd fd);
  ~SeccompNotifier();
  SeccompNotifier(const SeccompNotifier&) = delete;
  SeccompNotifier& operator=(const SeccompNotifier&) = delete;
  int fd() const { return fd_.get(); }
  // Receives one pending notification and answers it: a denied call with
  // EPERM (reported through `denied`), an exec by letting it continue
  // (reported through `exec`; the path is read from the caller's memory
  // and is only as trustworthy as the caller). Returns false when the fd is
  // dead (all filtered tasks gone).
  bool HandleOne(const std::function<void(const DeniedSyscall&)>& denied,
                 const std::function<void(const ExecEvent&)>& exec);

 private:
  Fd fd_;
  // The kernel's request and response buffers, sized by the kernel
  // (seccomp_notify_alloc) once rather than per notification: an exec-heavy
  // task sends one per execve.
  ::seccomp_notif* req_ = nullptr;
  ::seccomp_notif_resp* resp_ = nullptr;
  uint32_t native_arch_;  // AUDIT_ARCH_* of this build (libseccomp's value)
};

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_SECCOMP_H_
