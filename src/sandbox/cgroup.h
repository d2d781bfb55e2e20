// A cgroup leaf for the task, created below the supervisor's own cgroup:
// cgroup v2 (memory.max, memory.swap.max=0, pids.max) when the memory and
// pids controllers are delegated there; else, on hosts that still run the
// memory and pids controllers on cgroup v1 hierarchies (hybrid setups,
// older self-hosted runners), one leaf in each (memory.limit_in_bytes,
// memory.memsw.limit_in_bytes where swap is accounted, pids.max); otherwise
// unavailable with the reasons (rlimits still apply). The leaves are removed
// when the object dies (after the task's processes are gone).
#ifndef STEPGUARD_SANDBOX_CGROUP_H_
#define STEPGUARD_SANDBOX_CGROUP_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace sg::sandbox {

class CgroupLeaf {
 public:
  // Unavailable (with why) when cgroup v2 or the controllers are missing.
  // cgroup v1 leaves only with `allow_v1`: moving a process into a cgroup
  // takes the kernel's global threadgroup lock for writing, which waits for
  // an RCU grace period (5-20 ms per run on the development VM, against
  // about 5 ms for the whole sandbox), so stepguard pays that only when the
  // cgroup layer is required. (cgroup v2 pays it too, without a way around
  // it short of CLONE_INTO_CGROUP, when its controllers are delegated.)
  static Result<CgroupLeaf> Create(uint64_t memory_bytes, uint64_t pids,
                                   bool allow_v1);
  CgroupLeaf(CgroupLeaf&& o) noexcept
      : dirs_(std::move(o.dirs_)),
        peak_file_(std::move(o.peak_file_)),
        detail_(std::move(o.detail_)) {
    o.dirs_.clear();
  }
  CgroupLeaf& operator=(CgroupLeaf&&) = delete;
  CgroupLeaf(const CgroupLeaf&) = delete;
  ~CgroupLeaf();

  // Moves `pid` (and its future children) into the leaf, or every leaf.
  Status AddProcess(pid_t pid) const;
  // For the layer report: the version and the leaf directories.
  const std::string& detail() const { return detail_; }
  // The leaf directories (one for v2, the memory then the pids one for v1).
  const std::vector<std::string>& dirs() const { return dirs_; }
  // Peak memory use in bytes (v2 memory.peak, v1
  // memory.max_usage_in_bytes; 0 when unknown).
  uint64_t MemoryPeak() const;

 private:
  CgroupLeaf() = default;
  std::vector<std::string> dirs_;
  std::string peak_file_;
  std::string detail_;
};

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_CGROUP_H_
