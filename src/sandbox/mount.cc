#include "sandbox/mount.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/fd.h"

namespace sg::sandbox {
namespace {

// The scratch tmpfs we pivot into first; the host root then sits at
// kOldRoot and the task's view is assembled at kNewRoot.
constexpr const char* kBase = "/tmp";
constexpr const char* kOldRoot = "/oldroot";
constexpr const char* kNewRoot = "/newroot";
constexpr const char* kEmptyFile = "/empty";

Status Errno(const std::string& what) {
  return Status::Permission(what + ": " + strerror(errno));
}

Status Mount(const char* src, const std::string& dst, const char* type,
             unsigned long flags, const char* data) {
  if (mount(src, dst.c_str(), type, flags, data) != 0) {
    return Errno(std::string("mount ") + (src ? src : "none") + " on " + dst);
  }
  return Status::Ok();
}

// mount_setattr(2): changes flags of a whole subtree without touching the
// locked flags a user namespace may not clear (MS_REMOUNT cannot do that).
Status SetAttr(const std::string& path, uint64_t set, uint64_t clear,
               bool recursive) {
  struct mount_attr attr = {};
  attr.attr_set = set;
  attr.attr_clr = clear;
  unsigned flags = AT_SYMLINK_NOFOLLOW | (recursive ? AT_RECURSIVE : 0);
  if (syscall(SYS_mount_setattr, AT_FDCWD, path.c_str(), flags, &attr,
              sizeof(attr)) != 0) {
    return Errno("mount_setattr " + path);
  }
  return Status::Ok();
}

bool IsDir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool Exists(const std::string& p) {
  struct stat st;
  return lstat(p.c_str(), &st) == 0;
}

// mkdir -p, used only inside fresh tmpfs mounts (e.g. a writable root under
// the private /tmp).
Status MakeDirs(const std::string& path) {
  std::string cur;
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      cur = path.substr(0, i);
      if (mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST) {
        return Errno("mkdir " + cur);
      }
    }
  }
  return Status::Ok();
}

Status CreateFile(const std::string& path, mode_t mode) {
  Fd fd(open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, mode));
  if (!fd && errno != EEXIST) return Errno("create " + path);
  return Status::Ok();
}

// Makes the scratch tmpfs the root, with the host root under kOldRoot.
Status PivotIntoScratch() {
  SG_RETURN_IF_ERROR(
      Mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr));
  SG_RETURN_IF_ERROR(Mount("tmpfs", kBase, "tmpfs", MS_NOSUID | MS_NODEV,
                           "mode=0755,size=1m"));
  if (chdir(kBase) != 0) return Errno("chdir scratch");
  if (mkdir("newroot", 0755) != 0) return Errno("mkdir newroot");
  if (mkdir("oldroot", 0755) != 0) return Errno("mkdir oldroot");
  if (syscall(SYS_pivot_root, kBase, "/tmp/oldroot") != 0) {
    return Errno("pivot_root scratch");
  }
  if (chdir("/") != 0) return Errno("chdir /");
  return CreateFile(kEmptyFile, 0);
}

Status BindReadOnlyRoot() {
  std::string nr = kNewRoot;
  SG_RETURN_IF_ERROR(Mount(kOldRoot, nr, nullptr, MS_BIND | MS_REC, nullptr));
  return SetAttr(nr, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
                 0, /*recursive=*/true);
}

Status MountProc() {
  std::string p = std::string(kNewRoot) + "/proc";
  return Mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
}

Status MountMinimalDev() {
  std::string dev = std::string(kNewRoot) + "/dev";
  SG_RETURN_IF_ERROR(Mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC,
                           "mode=0755,size=64k"));
  for (const char* node :
       {"null", "zero", "full", "random", "urandom", "tty"}) {
    std::string src = std::string(kOldRoot) + "/dev/" + node;
    std::string dst = dev + "/" + node;
    if (!Exists(src)) continue;
    SG_RETURN_IF_ERROR(CreateFile(dst, 0666));
    SG_RETURN_IF_ERROR(Mount(src.c_str(), dst, nullptr, MS_BIND, nullptr));
  }
  struct Link {
    const char* target;
    const char* name;
  };
  for (Link l : {Link{"/proc/self/fd", "fd"}, Link{"/proc/self/fd/0", "stdin"},
                 Link{"/proc/self/fd/1", "stdout"},
                 Link{"/proc/self/fd/2", "stderr"}, Link{"pts/ptmx", "ptmx"}}) {
    if (symlink(l.target, (dev + "/" + l.name).c_str()) != 0) {
      return Errno(std::string("symlink /dev/") + l.name);
    }
  }
  if (mkdir((dev + "/pts").c_str(), 0755) != 0) return Errno("mkdir /dev/pts");
  if (mkdir((dev + "/shm").c_str(), 01777) != 0) return Errno("mkdir /dev/shm");
  SG_RETURN_IF_ERROR(Mount("devpts", dev + "/pts", "devpts",
                           MS_NOSUID | MS_NOEXEC,
                           "newinstance,ptmxmode=0666,mode=0620"));
  SG_RETURN_IF_ERROR(
      Mount("tmpfs", dev + "/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777"));
  return SetAttr(dev, MOUNT_ATTR_RDONLY, 0, /*recursive=*/false);
}

Status MountPrivateTmp() {
  std::string tmp = std::string(kNewRoot) + "/tmp";
  if (!IsDir(tmp)) return Status::Ok();
  return Mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
}

Status BindWritable(const std::string& path) {
  std::string src = std::string(kOldRoot) + path;
  std::string dst = std::string(kNewRoot) + path;
  if (!IsDir(src))
    return Status::NotFound("writable root " + path + " is not a directory");
  if (!IsDir(dst)) SG_RETURN_IF_ERROR(MakeDirs(dst));
  SG_RETURN_IF_ERROR(
      Mount(src.c_str(), dst, nullptr, MS_BIND | MS_REC, nullptr));
  return SetAttr(dst, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, 0, true);
}

Status BindProtected(const std::string& path) {
  std::string p = std::string(kNewRoot) + path;
  if (!Exists(p)) return Status::Ok();  // restored after the run instead
  SG_RETURN_IF_ERROR(Mount(p.c_str(), p, nullptr, MS_BIND | MS_REC, nullptr));
  return SetAttr(p, MOUNT_ATTR_RDONLY, 0, /*recursive=*/true);
}

Status Hide(const std::string& path) {
  std::string p = std::string(kNewRoot) + path;
  struct stat st;
  if (lstat(p.c_str(), &st) != 0) return Status::Ok();  // nothing to hide
  if (S_ISDIR(st.st_mode)) {
    return Mount("tmpfs", p, "tmpfs",
                 MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                 "mode=000,size=4k");
  }
  SG_RETURN_IF_ERROR(Mount(kEmptyFile, p, nullptr, MS_BIND, nullptr));
  return SetAttr(p,
                 MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
                     MOUNT_ATTR_NOEXEC,
                 0, false);
}

// Moves the assembled view to "/" and detaches the scratch root (and with
// it the host root) so nothing outside the view stays reachable.
Status PivotIntoView(const std::string& cwd) {
  if (chdir(kNewRoot) != 0) return Errno("chdir newroot");
  if (syscall(SYS_pivot_root, ".", ".") != 0) return Errno("pivot_root view");
  if (umount2(".", MNT_DETACH) != 0) return Errno("detach old root");
  if (chdir(cwd.empty() ? "/" : cwd.c_str()) != 0) return Errno("chdir " + cwd);
  return Status::Ok();
}

}  // namespace

Status ApplyMountNamespace(const MountPlan& plan) {
  SG_RETURN_IF_ERROR(PivotIntoScratch());
  SG_RETURN_IF_ERROR(BindReadOnlyRoot());
  if (plan.fresh_proc) SG_RETURN_IF_ERROR(MountProc());
  SG_RETURN_IF_ERROR(MountMinimalDev());
  SG_RETURN_IF_ERROR(MountPrivateTmp());
  for (const std::string& w : plan.writable)
    SG_RETURN_IF_ERROR(BindWritable(w));
  for (const std::string& p : plan.protected_paths) {
    SG_RETURN_IF_ERROR(BindProtected(p));
  }
  for (const std::string& h : plan.hidden) SG_RETURN_IF_ERROR(Hide(h));
  return PivotIntoView(plan.cwd);
}

}  // namespace sg::sandbox
