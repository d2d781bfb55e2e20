// Entry points of the sandbox module.
//
// RunSandboxed runs config.argv under every enabled layer and returns what
// happened. It fails closed: when a required layer cannot be built the task
// is not started and the result is `refused` (exit 125). The calling process
// must be single-threaded when it calls RunSandboxed (it clones); it is made
// non-dumpable for the rest of its life. The task's stdout/stderr are
// filtered (output_filter.h) and written to this process's fds 1 and 2.
#ifndef STEPGUARD_SANDBOX_SANDBOX_H_
#define STEPGUARD_SANDBOX_SANDBOX_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sandbox/audit_log.h"
#include "sandbox/config.h"
#include "sandbox/kernel_audit.h"
#include "sandbox/layers.h"
#include "sandbox/protect.h"
#include "sandbox/seccomp.h"

namespace sg::sandbox {

struct RunResult {
  std::vector<LayerReport> layers;  // one per Layer, in build order
  bool refused = false;             // a required layer was missing
  std::string refusal;              // why (no secrets)
  bool started = false;             // the task was exec'd (or tried)
  bool timed_out = false;
  int exec_errno = 0;   // execve failure
  int exit_code = 0;    // timeout(1) conventions
  int term_signal = 0;  // when the task died by a signal
  int64_t elapsed_ms = 0;
  int64_t user_cpu_ms = 0;
  int64_t sys_cpu_ms = 0;
  int64_t max_rss_kb = 0;
  uint64_t cgroup_memory_peak = 0;
  int proxy_port = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<DeniedSyscall> denials;
  // Landlock denials read back from kernel audit, and whether they could be
  // ("denials logged via kernel audit" or why not; "" when Landlock is off).
  std::vector<LandlockDenial> landlock_denials;
  std::string landlock_audit;
  int64_t processes_started = 0;  // execs seen (0 without notification)
  std::vector<ProtectedViolation> protected_violations;
  size_t commands_neutralised = 0;
  size_t redactions = 0;
  bool output_truncated = false;
};

// `log` may be null (no audit log).
RunResult RunSandboxed(const Config& config, AuditLog* log);

// What RunSandboxed would do, without running anything but harmless
// probes (a throw-away child tries the namespaces). Same layer order.
std::vector<LayerReport> ExplainPlan(const Config& config);

// Layers in `required` that are not applied in `layers`, as a message
// ("mount: reason; seccomp: reason"), or "" when all are applied.
std::string MissingRequired(const std::vector<LayerReport>& layers,
                            LayerSet required);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_SANDBOX_H_
