// cgroup v2 leaf for the task (memory.max, memory.swap.max, pids.max),
// created next to the supervisor's own cgroup when the memory and pids
// controllers are delegated there; otherwise unavailable with the reason
// (rlimits still apply). The leaf is removed when the object dies (after the
// task's processes are gone).
#ifndef STEPGUARD_SANDBOX_CGROUP_H_
#define STEPGUARD_SANDBOX_CGROUP_H_

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "base/status.h"

namespace sg::sandbox {

class CgroupLeaf {
 public:
  // Unavailable (with why) when cgroup v2 or the controllers are missing.
  static Result<CgroupLeaf> Create(uint64_t memory_bytes, uint64_t pids);
  CgroupLeaf(CgroupLeaf&& o) noexcept : path_(std::move(o.path_)) {
    o.path_.clear();
  }
  CgroupLeaf& operator=(CgroupLeaf&&) = delete;
  CgroupLeaf(const CgroupLeaf&) = delete;
  ~CgroupLeaf();

  Status AddProcess(pid_t pid) const;
  const std::string& path() const { return path_; }
  // memory.peak in bytes (0 when unknown).
  uint64_t MemoryPeak() const;

 private:
  explicit CgroupLeaf(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_CGROUP_H_
