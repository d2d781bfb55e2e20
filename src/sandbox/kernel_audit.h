// Landlock denials read back from the kernel audit subsystem.
//
// Landlock (ABI 7+, Linux 6.15+) reports each denial as an audit record
// (AUDIT_LANDLOCK_ACCESS: domain, blockers, object) and, the first time a
// domain denies something, who created it (AUDIT_LANDLOCK_DOMAIN
// "status=allocated ... pid="). The supervisor subscribes to the audit
// multicast group (AUDIT_NLGRP_READLOG: a read-only copy of every record,
// beside auditd if one runs) and keeps the denials of the domain its own
// sandbox init created, with the denied process's pid from the event's
// SYSCALL record when the kernel emits one.
//
// Needs: root (CAP_AUDIT_READ and, for the status query, CAP_AUDIT_CONTROL),
// a kernel built with CONFIG_AUDIT, and audit enabled (auditd, `auditctl -e
// 1` or audit=1 at boot). stepguard never changes the audit configuration:
// where audit is off the run says the denials are not observable.
#ifndef STEPGUARD_SANDBOX_KERNEL_AUDIT_H_
#define STEPGUARD_SANDBOX_KERNEL_AUDIT_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/fd.h"
#include "base/status.h"

namespace sg::sandbox {

struct LandlockDenial {
  pid_t pid = 0;         // the denied process (host PID); 0 when unknown
  std::string blockers;  // the missing rights, e.g. "fs.write_file"
  std::string path;      // the object's path, when it is a path
  std::string object;    // the kernel's object fields as written
};

// Ok when Landlock denials can be observed on this system; otherwise why
// not (Unavailable). Cheap: one netlink status query.
Status LandlockAuditAvailable();

// Not thread-safe.
class LandlockAuditReader {
 public:
  // Subscribes to the audit multicast group. Unavailable with the reason
  // when LandlockAuditAvailable() is not Ok or the subscription fails.
  static Result<LandlockAuditReader> Open();

  int fd() const { return fd_.get(); }

  // Reads every pending record (non-blocking) and reports, through
  // `denied`, each complete denial event in a domain created by the
  // process `domain_creator` (host PID). Records of other domains (other
  // sandboxes, nested domains the task created) are dropped.
  void Drain(pid_t domain_creator,
             const std::function<void(const LandlockDenial&)>& denied);

  // After the sandbox is gone: waits (at most `limit`) for records still in
  // the kernel's queue, then reports every denial not reported yet. Waits
  // for the domain's "deallocated" record when the domain denied anything
  // (it comes last), else until the socket has been quiet briefly.
  void Finish(pid_t domain_creator, std::chrono::milliseconds limit,
              const std::function<void(const LandlockDenial&)>& denied);

 private:
  explicit LandlockAuditReader(Fd fd) : fd_(std::move(fd)) {}
  struct Pending {
    uint64_t serial;
    uint64_t domain;
    LandlockDenial denial;
  };
  void HandleRecord(int type, const std::string& text, pid_t domain_creator);
  bool HasPending(uint64_t serial) const;
  void Emit(bool final,
            const std::function<void(const LandlockDenial&)>& denied);

  Fd fd_;
  std::vector<Pending> pending_;
  std::map<uint64_t, pid_t> pid_by_serial_;
  std::set<uint64_t> complete_serials_;  // saw the event's EOE record
  std::set<uint64_t> ours_, foreign_;    // domains by creator
  std::set<uint64_t> deallocated_;
};

// Parses one AUDIT_LANDLOCK_ACCESS record body ("domain=1a blockers=fs.x
// path=\"/p\" dev=..."); exposed for tests. False when it is not one.
bool ParseLandlockAccess(const std::string& text, uint64_t* domain,
                         LandlockDenial* out);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_KERNEL_AUDIT_H_
