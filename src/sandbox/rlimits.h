// Resource limits set in the child before the task starts. Memory uses
// RLIMIT_DATA (private writable memory) rather than RLIMIT_AS so runtimes
// that reserve large PROT_NONE regions (V8, Go, JVM) still start.
#ifndef STEPGUARD_SANDBOX_RLIMITS_H_
#define STEPGUARD_SANDBOX_RLIMITS_H_

#include "base/status.h"
#include "sandbox/config.h"

namespace sg::sandbox {

Status ApplyRlimits(const Limits& limits);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_RLIMITS_H_
