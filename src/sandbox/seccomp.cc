#include "sandbox/seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

namespace sg::sandbox {
namespace {

// Denied outright (routed to the supervisor when notification works).
constexpr const char* kDenied[] = {
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "bpf",
    "perf_event_open",
    "kexec_load",
    "kexec_file_load",
    "mount",
    "umount2",
    "pivot_root",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "keyctl",
    "add_key",
    "request_key",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "setns",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
    "open_by_handle_at",
    "name_to_handle_at",
    "chroot",
    "iopl",
    "ioperm",
    "syslog",
    "quotactl",
    "lookup_dcookie",
    "vhangup",
};

struct CtxFree {
  void operator()(scmp_filter_ctx c) const { seccomp_release(c); }
};
using Ctx = std::unique_ptr<void, CtxFree>;

Status Check(int rc, const std::string& what) {
  if (rc < 0) return Status::Internal("seccomp " + what + ": " + strerror(-rc));
  return Status::Ok();
}

Status AddRules(scmp_filter_ctx ctx, uint32_t deny) {
  for (const char* name : kDenied) {
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) continue;  // unknown to this libseccomp
    SG_RETURN_IF_ERROR(Check(seccomp_rule_add(ctx, deny, nr, 0), name));
  }
  // New user namespaces (an unprivileged path back to capabilities).
  SG_RETURN_IF_ERROR(
      Check(seccomp_rule_add(
                ctx, deny, SCMP_SYS(unshare), 1,
                SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER)),
            "unshare"));
  SG_RETURN_IF_ERROR(
      Check(seccomp_rule_add(
                ctx, deny, SCMP_SYS(clone), 1,
                SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER)),
            "clone"));
  // clone3 passes flags in memory seccomp cannot read: ENOSYS makes libc
  // fall back to clone(2), which is filtered above. Not routed to the
  // supervisor: every fork tries it first.
  SG_RETURN_IF_ERROR(
      Check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0),
            "clone3"));
  // Raw and packet sockets.
  SG_RETURN_IF_ERROR(Check(seccomp_rule_add(ctx, deny, SCMP_SYS(socket), 1,
                                            SCMP_A0(SCMP_CMP_EQ, AF_PACKET)),
                           "socket packet"));
  SG_RETURN_IF_ERROR(
      Check(seccomp_rule_add(ctx, deny, SCMP_SYS(socket), 1,
                             SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_RAW)),
            "socket raw"));
  // Typing into the invoking terminal.
  for (unsigned long req : {static_cast<unsigned long>(TIOCSTI),
                            static_cast<unsigned long>(TIOCLINUX)}) {
    SG_RETURN_IF_ERROR(
        Check(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                               SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, req)),
              "ioctl"));
  }
  return Status::Ok();
}

// SECCOMP_USER_NOTIF_FLAG_CONTINUE exists from Linux 5.5; without it an
// exec routed to the supervisor could never be let through.
bool KernelCanContinue() {
  struct utsname u;
  if (uname(&u) != 0) return false;
  int major = 0, minor = 0;
  if (sscanf(u.release, "%d.%d", &major, &minor) != 2) return false;
  return major > 5 || (major == 5 && minor >= 5);
}

Result<Ctx> Build(uint32_t deny, bool notify_exec) {
  Ctx ctx(seccomp_init(SCMP_ACT_ALLOW));
  if (!ctx) return Status::Internal("seccomp_init failed");
  // Deny the x32 ABI and foreign arches instead of filtering them too.
  seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  // A binary tree of syscall numbers instead of a linear chain: allowed
  // calls pay O(log n) comparisons (when the kernel's per-syscall cache
  // does not already skip the filter).
  seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2);
  SG_RETURN_IF_ERROR(AddRules(ctx.get(), deny));
  if (notify_exec) {
    SG_RETURN_IF_ERROR(
        Check(seccomp_rule_add(ctx.get(), SCMP_ACT_NOTIFY, SCMP_SYS(execve), 0),
              "execve"));
    SG_RETURN_IF_ERROR(Check(
        seccomp_rule_add(ctx.get(), SCMP_ACT_NOTIFY, SCMP_SYS(execveat), 0),
        "execveat"));
  }
  return ctx;
}

// Reads a NUL-terminated string at `addr` in `pid` (empty on failure):
// one process_vm_readv (no /proc open per exec), split at the page boundary
// so a string that ends just before an unmapped page is still read (partial
// transfers happen per iovec).
std::string ReadRemoteString(pid_t pid, uint64_t addr) {
  char buf[4096];
  const uint64_t page = 4096;
  uint64_t first = page - (addr % page);
  struct iovec local = {buf, sizeof(buf)};
  struct iovec remote[2] = {
      {reinterpret_cast<void*>(addr), static_cast<size_t>(first)},
      {reinterpret_cast<void*>(addr + first),
       static_cast<size_t>(sizeof(buf) - first)}};
  ssize_t n =
      process_vm_readv(pid, &local, 1, remote, first < sizeof(buf) ? 2 : 1, 0);
  if (n <= 0) return "";
  return std::string(buf, strnlen(buf, static_cast<size_t>(n)));
}

// Loads a precompiled user-notification filter; the listener fd or -1.
int LoadPrecompiled(const SeccompProgram& p) {
  struct sock_fprog prog;
  prog.len = static_cast<unsigned short>(p.bpf.size() / sizeof(sock_filter));
  prog.filter = reinterpret_cast<sock_filter*>(const_cast<char*>(p.bpf.data()));
  return static_cast<int>(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                                  SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog));
}

}  // namespace

SeccompProgram CompileNotifyFilter() {
  SeccompProgram out;
  Result<Ctx> ctx = Build(SCMP_ACT_NOTIFY, KernelCanContinue());
  if (!ctx.ok()) return out;
  Fd mem(static_cast<int>(
      syscall(SYS_memfd_create, "stepguard-seccomp", MFD_CLOEXEC)));
  if (!mem || seccomp_export_bpf(ctx->get(), mem.get()) != 0) return out;
  off_t size = lseek(mem.get(), 0, SEEK_END);
  if (size <= 0 || size % static_cast<off_t>(sizeof(sock_filter)) != 0 ||
      size > static_cast<off_t>(BPF_MAXINSNS * sizeof(sock_filter))) {
    return out;
  }
  std::string bpf(static_cast<size_t>(size), '\0');
  if (pread(mem.get(), bpf.data(), bpf.size(), 0) != size) return out;
  out.bpf = std::move(bpf);
  return out;
}

Result<SeccompResult> InstallSeccompFilter(bool want_notify,
                                           const SeccompProgram& precompiled) {
  SeccompResult out;
  if (want_notify && !precompiled.bpf.empty()) {
    int fd = LoadPrecompiled(precompiled);
    if (fd >= 0) {
      out.notify_fd.Reset(fd);  // the kernel's listener is close-on-exec
      out.detail = "deny-list with user notification (denials logged)";
      return out;
    }
  }
  if (want_notify) {
    int raw = -1;
    {
      Result<Ctx> ctx = Build(SCMP_ACT_NOTIFY, KernelCanContinue());
      if (ctx.ok() && seccomp_load(ctx->get()) == 0) {
        raw = seccomp_notify_fd(ctx->get());
        if (raw < 0) {
          // Loaded but unusable: denied calls would block forever.
          return Status::Internal("seccomp notification fd unavailable");
        }
        out.notify_fd.Reset(fcntl(raw, F_DUPFD_CLOEXEC, 0));
      }
    }
    if (raw >= 0) {
      // The library's copy is not close-on-exec; a task holding it could
      // answer its own notifications. Close it whether or not the context
      // release already did.
      if (fcntl(raw, F_GETFD) >= 0) Fd(raw).Reset();
      if (!out.notify_fd) {
        return Status::Internal(std::string("dup notify fd: ") +
                                strerror(errno));
      }
      out.detail = "deny-list with user notification (denials logged)";
      return out;
    }
  }
  Result<Ctx> ctx = Build(SCMP_ACT_ERRNO(EPERM), false);
  if (!ctx.ok()) return ctx.status();
  int rc = seccomp_load(ctx->get());
  if (rc < 0)
    return Status::Permission(std::string("seccomp_load: ") + strerror(-rc));
  out.detail = "deny-list (EPERM; denials not observable)";
  return out;
}

SeccompNotifier::SeccompNotifier(Fd fd)
    : fd_(std::move(fd)), native_arch_(seccomp_arch_native()) {
  if (seccomp_notify_alloc(&req_, &resp_) != 0) {
    req_ = nullptr;
    resp_ = nullptr;
  }
}

SeccompNotifier::~SeccompNotifier() {
  if (req_ != nullptr) seccomp_notify_free(req_, resp_);
}

bool SeccompNotifier::HandleOne(
    const std::function<void(const DeniedSyscall&)>& denied,
    const std::function<void(const ExecEvent&)>& exec) {
  if (req_ == nullptr) return false;
  struct seccomp_notif* req = req_;
  struct seccomp_notif_resp* resp = resp_;
  // The kernel requires a zeroed request buffer.
  memset(req, 0, sizeof(*req));
  memset(resp, 0, sizeof(*resp));
  if (seccomp_notify_receive(fd_.get(), req) != 0) {
    return errno == EINTR || errno == ENOENT;
  }
  pid_t pid = static_cast<pid_t>(req->pid);
  resp->id = req->id;
  resp->val = 0;
  // Foreign architectures never get here (the filter kills them), so the
  // native numbers identify exec without a name lookup.
  bool native = req->data.arch == native_arch_;
  if (native &&
      (req->data.nr == __NR_execve || req->data.nr == __NR_execveat)) {
    uint64_t addr =
        req->data.nr == __NR_execve ? req->data.args[0] : req->data.args[1];
    std::string path = ReadRemoteString(pid, addr);
    // The pid may have died and been reused while we read its memory.
    if (seccomp_notify_id_valid(fd_.get(), req->id) != 0) path.clear();
    resp->error = 0;
    resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    seccomp_notify_respond(fd_.get(), resp);
    exec(ExecEvent{pid, path});
    return true;
  }
  char* name = seccomp_syscall_resolve_num_arch(req->data.arch, req->data.nr);
  std::string syscall = name ? name : "syscall_" + std::to_string(req->data.nr);
  free(name);
  resp->error = -EPERM;
  resp->flags = 0;
  seccomp_notify_respond(fd_.get(), resp);  // ENOENT: the caller died
  denied(DeniedSyscall{pid, syscall});
  return true;
}

}  // namespace sg::sandbox
