#include "sandbox/landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/fd.h"

namespace sg::sandbox {
namespace {

// Bits from newer headers, so we build on older ones and use what the
// running kernel reports.
constexpr uint64_t kFsRefer = 1ULL << 13;     // ABI 2
constexpr uint64_t kFsTruncate = 1ULL << 14;  // ABI 3
constexpr uint64_t kFsIoctlDev = 1ULL << 15;  // ABI 5
constexpr uint64_t kNetBindTcp = 1ULL << 0;   // ABI 4
constexpr uint64_t kNetConnectTcp = 1ULL << 1;
constexpr uint64_t kScopeAbstractUnix = 1ULL << 0;  // ABI 6
constexpr uint64_t kScopeSignal = 1ULL << 1;
// ABI 7: landlock_restrict_self(2) flag. Denials are logged to the kernel
// audit subsystem for the process that restricted itself by default, not
// after an execve; the task always execs, so ask for those too.
constexpr uint32_t kRestrictSelfLogNewExecOn = 1U << 1;
constexpr int kRulePathBeneath = 1;
constexpr int kRuleNetPort = 2;

struct RulesetAttr {  // struct landlock_ruleset_attr, ABI 6 layout
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};
struct PathBeneathAttr {
  uint64_t allowed_access;
  int32_t parent_fd;
} __attribute__((packed));
struct NetPortAttr {
  uint64_t allowed_access;
  uint64_t port;
};

constexpr uint64_t kFsWriteV1 =
    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
    LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
    LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
    LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
    LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;

Status Errno(const std::string& what) {
  return Status::Permission(what + ": " + strerror(errno));
}

Status AddPath(int ruleset, const std::string& path, uint64_t access) {
  Fd fd(open(path.c_str(), O_PATH | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return Status::Ok();
    return Errno("landlock open " + path);
  }
  struct stat st;
  if (fstat(fd.get(), &st) == 0 && !S_ISDIR(st.st_mode)) {
    // Directory-only rights are invalid on files.
    access &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE |
              LANDLOCK_ACCESS_FS_WRITE_FILE | kFsTruncate | kFsIoctlDev;
  }
  PathBeneathAttr attr{access, fd.get()};
  if (syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &attr, 0) !=
      0) {
    return Errno("landlock_add_rule " + path);
  }
  return Status::Ok();
}

}  // namespace

int LandlockAbiVersion() {
  long v = syscall(SYS_landlock_create_ruleset, nullptr, 0,
                   LANDLOCK_CREATE_RULESET_VERSION);
  return v < 0 ? 0 : static_cast<int>(v);
}

Result<std::string> ApplyLandlock(const LandlockPlan& plan) {
  int abi = LandlockAbiVersion();
  if (abi <= 0)
    return Status::Unavailable("Landlock not supported by this kernel");
  // Only write-side rights are handled: reads and execution are allowed
  // everywhere anyway (hiding is the mount namespace's job), and a handled
  // right costs a rule walk on every path lookup that requests it.
  uint64_t fs_all = kFsWriteV1;
  if (abi >= 2) fs_all |= kFsRefer;
  // truncate(2) and device ioctls are checked on every file open, which
  // costs ~6% on lookup-heavy tasks; behind a read-only mount namespace
  // they add nothing, so they are handled only when Landlock confines alone.
  if (abi >= 3 && plan.sole_confinement) fs_all |= kFsTruncate;
  if (abi >= 5 && plan.sole_confinement) fs_all |= kFsIoctlDev;
  RulesetAttr attr{fs_all, 0, 0};
  size_t attr_size = sizeof(uint64_t);
  bool net = plan.restrict_tcp && abi >= 4;
  if (abi >= 4) {
    attr_size = 2 * sizeof(uint64_t);
    if (net) attr.handled_access_net = kNetBindTcp | kNetConnectTcp;
  }
  if (abi >= 6) {
    attr_size = sizeof(RulesetAttr);
    attr.scoped = kScopeAbstractUnix | kScopeSignal;
  }
  Fd ruleset(static_cast<int>(
      syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0)));
  if (!ruleset) return Errno("landlock_create_ruleset");

  uint64_t ioctl_dev = fs_all & kFsIoctlDev;
  SG_RETURN_IF_ERROR(AddPath(
      ruleset.get(), "/dev",
      ioctl_dev | LANDLOCK_ACCESS_FS_WRITE_FILE | (fs_all & kFsTruncate)));
  SG_RETURN_IF_ERROR(AddPath(ruleset.get(), "/dev/shm", fs_all));
  SG_RETURN_IF_ERROR(AddPath(ruleset.get(), "/tmp", fs_all));
  for (const std::string& w : plan.writable) {
    SG_RETURN_IF_ERROR(AddPath(ruleset.get(), w, fs_all));
  }
  if (net && plan.allowed_tcp_port > 0) {
    NetPortAttr port{kNetConnectTcp,
                     static_cast<uint64_t>(plan.allowed_tcp_port)};
    if (syscall(SYS_landlock_add_rule, ruleset.get(), kRuleNetPort, &port, 0) !=
        0) {
      return Errno("landlock_add_rule port");
    }
  }
  uint32_t restrict_flags = abi >= 7 ? kRestrictSelfLogNewExecOn : 0;
  if (syscall(SYS_landlock_restrict_self, ruleset.get(), restrict_flags) != 0) {
    return Errno("landlock_restrict_self");
  }
  std::string detail = "ABI " + std::to_string(abi) + ": writes only to " +
                       std::to_string(plan.writable.size()) +
                       " writable root(s), /tmp and /dev";
  if (net) detail += "; TCP denied except the proxy port";
  if (abi >= 6) detail += "; signals and abstract sockets scoped";
  if (abi >= 7) detail += "; denials sent to kernel audit";
  return detail;
}

}  // namespace sg::sandbox
