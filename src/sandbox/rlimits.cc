#include "sandbox/rlimits.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include <string>

namespace sg::sandbox {
namespace {

Status Set(int resource, const char* name, uint64_t value) {
  struct rlimit rl;
  if (getrlimit(resource, &rl) != 0) rl.rlim_max = RLIM_INFINITY;
  // Never ask for more than the hard limit we already have (EPERM).
  rlim_t v = static_cast<rlim_t>(value);
  if (rl.rlim_max != RLIM_INFINITY && v > rl.rlim_max) v = rl.rlim_max;
  rl.rlim_cur = rl.rlim_max = v;
  if (setrlimit(resource, &rl) != 0) {
    return Status::Permission(std::string("setrlimit ") + name + ": " +
                              strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Status ApplyRlimits(const Limits& limits) {
  if (limits.memory_bytes > 0) {
    SG_RETURN_IF_ERROR(Set(RLIMIT_DATA, "RLIMIT_DATA", limits.memory_bytes));
  }
  if (limits.pids > 0) {
    SG_RETURN_IF_ERROR(Set(RLIMIT_NPROC, "RLIMIT_NPROC", limits.pids));
  }
  if (limits.open_files > 0) {
    SG_RETURN_IF_ERROR(Set(RLIMIT_NOFILE, "RLIMIT_NOFILE", limits.open_files));
  }
  return Set(RLIMIT_CORE, "RLIMIT_CORE", limits.core_bytes);
}

}  // namespace sg::sandbox
