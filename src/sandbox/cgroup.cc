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

// The directory of our own cgroup in the v1 hierarchy that carries
// `controller` ("" with `why` set when there is none or it is not mounted).
std::string V1OwnDir(const std::string& controller, std::string* why) {
  std::string own;
  bool found = false;
  if (Result<std::string> c = ReadFile("/proc/self/cgroup"); c.ok()) {
    for (const std::string& line : Split(*c, '\n')) {
      std::vector<std::string> f = Split(line, ':');
      if (f.size() < 3) continue;
      for (const std::string& ctl : Split(f[1], ',')) {
        if (ctl == controller) {
          own = line.substr(f[0].size() + f[1].size() + 2);
          found = true;
        }
      }
    }
  }
  if (!found) {
    *why = "no v1 " + controller + " hierarchy";
    return "";
  }
  Result<std::string> info = ReadFile("/proc/self/mountinfo");
  if (!info.ok()) {
    *why = "cannot read /proc/self/mountinfo";
    return "";
  }
  for (const std::string& line : Split(*info, '\n')) {
    size_t dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::vector<std::string> after = Split(line.substr(dash + 3), ' ');
    if (after.size() < 3 || after[0] != "cgroup") continue;
    bool carries = false;
    for (const std::string& o : Split(after[2], ','))
      carries = carries || o == controller;
    std::vector<std::string> f = Split(line.substr(0, dash), ' ');
    // The mount's root must be the hierarchy's root for own paths to apply.
    if (carries && f.size() > 4 && f[3] == "/") {
      return f[4] + (own == "/" ? "" : own);
    }
  }
  *why = "the v1 " + controller + " hierarchy is not mounted";
  return "";
}

// A leaf directory made below `parent`, or the reason it cannot be.
Result<std::string> MakeLeaf(const std::string& parent) {
  std::string leaf = parent + "/stepguard-" + std::to_string(getpid());
  if (mkdir(leaf.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status::Unavailable("mkdir " + leaf + ": " + strerror(errno));
  }
  return leaf;
}

}  // namespace

Result<CgroupLeaf> CgroupLeaf::Create(uint64_t memory_bytes, uint64_t pids,
                                      bool allow_v1) {
  CgroupLeaf out;
  std::string v2_why;
  std::string mnt = Cgroup2Mount();
  std::string parent;
  Result<std::string> ctl = Status::Unavailable("");
  if (mnt.empty()) {
    v2_why = "no cgroup v2 hierarchy mounted";
  } else {
    std::string own = OwnCgroupPath();
    parent = mnt + (own == "/" ? "" : own);
    ctl = ReadFile(parent + "/cgroup.subtree_control");
    if (!ctl.ok()) v2_why = "cannot read " + parent + "/cgroup.subtree_control";
  }
  if (ctl.ok()) {
    std::vector<std::string> enabled = Split(std::string(Trim(*ctl)), ' ');
    auto has = [&](const char* c) {
      for (const auto& e : enabled)
        if (e == c) return true;
      return false;
    };
    if (has("memory") && has("pids")) {
      Result<std::string> leaf = MakeLeaf(parent);
      if (!leaf.ok()) return leaf.status();
      out.dirs_.push_back(*leaf);
      out.peak_file_ = *leaf + "/memory.peak";
      out.detail_ = *leaf;
      if (memory_bytes > 0) {
        Status s =
            WriteFile(*leaf + "/memory.max", std::to_string(memory_bytes));
        if (!s.ok()) return Status::Unavailable("memory.max: " + s.message());
        (void)WriteFile(*leaf + "/memory.swap.max", "0");
      }
      if (pids > 0) {
        Status s = WriteFile(*leaf + "/pids.max", std::to_string(pids));
        if (!s.ok()) return Status::Unavailable("pids.max: " + s.message());
      }
      return out;
    }
    v2_why = "memory and pids controllers are not delegated to " + parent +
             " (subtree_control: '" + std::string(Trim(*ctl)) + "')";
  }

  // cgroup v1: one leaf in the memory hierarchy and one in the pids one.
  std::string why;
  std::string mem_dir = V1OwnDir("memory", &why);
  std::string pids_dir = mem_dir.empty() ? "" : V1OwnDir("pids", &why);
  auto unavailable = [&](const std::string& reason) {
    return Status::Unavailable(v2_why + "; cgroup v1: " + reason);
  };
  if (pids_dir.empty()) return unavailable(why);
  if (!allow_v1) {
    return unavailable(
        "memory and pids hierarchies present, used only when the cgroup "
        "layer is required (--require cgroup): moving the task in costs an "
        "RCU grace period");
  }
  for (const std::string& parent_dir : {mem_dir, pids_dir}) {
    Result<std::string> leaf = MakeLeaf(parent_dir);
    if (!leaf.ok()) return unavailable(leaf.status().message());
    out.dirs_.push_back(*leaf);  // removed by `out` on every early return
  }
  const std::string& mem = out.dirs_[0];
  const std::string& pid_leaf = out.dirs_[1];
  if (memory_bytes > 0) {
    std::string v = std::to_string(memory_bytes);
    Status s = WriteFile(mem + "/memory.limit_in_bytes", v);
    if (!s.ok()) return unavailable("memory.limit_in_bytes: " + s.message());
    // Memory plus swap: only where the kernel accounts swap (swapaccount).
    struct stat st;
    if (stat((mem + "/memory.memsw.limit_in_bytes").c_str(), &st) == 0) {
      s = WriteFile(mem + "/memory.memsw.limit_in_bytes", v);
      if (!s.ok())
        return unavailable("memory.memsw.limit_in_bytes: " + s.message());
    }
  }
  if (pids > 0) {
    Status s = WriteFile(pid_leaf + "/pids.max", std::to_string(pids));
    if (!s.ok()) return unavailable("pids.max: " + s.message());
  }
  out.peak_file_ = mem + "/memory.max_usage_in_bytes";
  out.detail_ = "cgroup v1 " + mem + " " + pid_leaf;
  return out;
}

CgroupLeaf::~CgroupLeaf() {
  for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) rmdir(it->c_str());
}

Status CgroupLeaf::AddProcess(pid_t pid) const {
  for (const std::string& d : dirs_) {
    Status s = WriteFile(d + "/cgroup.procs", std::to_string(pid));
    if (!s.ok()) return Status::Unavailable("cgroup.procs: " + s.message());
  }
  return Status::Ok();
}

uint64_t CgroupLeaf::MemoryPeak() const {
  if (peak_file_.empty()) return 0;
  Result<std::string> v = ReadFile(peak_file_);
  if (!v.ok()) return 0;
  return strtoull(v->c_str(), nullptr, 10);
}

}  // namespace sg::sandbox
