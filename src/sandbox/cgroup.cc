#include "sandbox/cgroup.h"

#include <errno.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cstdlib>

#include "base/file.h"
#include "base/strings.h"

namespace sg::sandbox {
namespace {

bool IsCgroup2(const char* path) {
  struct statfs fs;
  return statfs(path, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

// The cgroup2 mount point: the usual places first (statfs(2), cheap), else
// /proc/self/mountinfo (a few hundred lines to format and parse per run).
std::string Cgroup2Mount() {
  for (const char* p : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
    if (IsCgroup2(p)) return p;
  }
  Result<std::string> info = ReadFile("/proc/self/mountinfo");
  if (!info.ok()) return "";
  for (const std::string& line : Split(*info, '\n')) {
    size_t dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    if (!StartsWith(line.substr(dash + 3), "cgroup2 ")) continue;
    std::vector<std::string> f = Split(line.substr(0, dash), ' ');
    if (f.size() > 4) return f[4];
  }
  return "";
}

std::string OwnCgroupPath() {
  Result<std::string> c = ReadFile("/proc/self/cgroup");
  if (!c.ok()) return "";
  for (const std::string& line : Split(*c, '\n')) {
    if (StartsWith(line, "0::")) return std::string(Trim(line.substr(3)));
  }
  return "";
}

}  // namespace

Result<CgroupLeaf> CgroupLeaf::Create(uint64_t memory_bytes, uint64_t pids) {
  std::string mnt = Cgroup2Mount();
  if (mnt.empty()) return Status::Unavailable("no cgroup v2 hierarchy mounted");
  std::string own = OwnCgroupPath();
  std::string parent = mnt + (own == "/" ? "" : own);
  Result<std::string> ctl = ReadFile(parent + "/cgroup.subtree_control");
  if (!ctl.ok())
    return Status::Unavailable("cannot read " + parent +
                               "/cgroup.subtree_control");
  std::vector<std::string> enabled = Split(std::string(Trim(*ctl)), ' ');
  auto has = [&](const char* c) {
    for (const auto& e : enabled)
      if (e == c) return true;
    return false;
  };
  if (!has("memory") || !has("pids")) {
    return Status::Unavailable(
        "memory and pids controllers are not delegated to " + parent +
        " (subtree_control: '" + std::string(Trim(*ctl)) + "')");
  }
  std::string leaf = parent + "/stepguard-" + std::to_string(getpid());
  if (mkdir(leaf.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status::Unavailable("mkdir " + leaf + ": " + strerror(errno));
  }
  CgroupLeaf out(leaf);
  if (memory_bytes > 0) {
    Status s = WriteFile(leaf + "/memory.max", std::to_string(memory_bytes));
    if (!s.ok()) return Status::Unavailable("memory.max: " + s.message());
    (void)WriteFile(leaf + "/memory.swap.max", "0");
  }
  if (pids > 0) {
    Status s = WriteFile(leaf + "/pids.max", std::to_string(pids));
    if (!s.ok()) return Status::Unavailable("pids.max: " + s.message());
  }
  return out;
}

CgroupLeaf::~CgroupLeaf() {
  if (!path_.empty()) rmdir(path_.c_str());
}

Status CgroupLeaf::AddProcess(pid_t pid) const {
  Status s = WriteFile(path_ + "/cgroup.procs", std::to_string(pid));
  return s.ok() ? s : Status::Unavailable("cgroup.procs: " + s.message());
}

uint64_t CgroupLeaf::MemoryPeak() const {
  Result<std::string> v = ReadFile(path_ + "/memory.peak");
  if (!v.ok()) return 0;
  return strtoull(v->c_str(), nullptr, 10);
}

}  // namespace sg::sandbox
