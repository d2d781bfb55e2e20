// The cgroup leaf for real: made below this process's cgroup (v2 where
// memory and pids are delegated, else the v1 memory and pids hierarchies),
// limits enforced by the kernel on a child moved into it, and removed
// afterwards. Needs root; skipped, with the reason, on a host that offers
// neither (e.g. cgroup v2 without delegation).
#include "sandbox/cgroup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "base/file.h"
#include "base/strings.h"

namespace sg::sandbox {
namespace {

bool Exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

// Forks a child that waits for one byte on a pipe, then runs `body` and
// exits with its result; the parent moves it into `leaf` first.
template <typename Body>
int RunInLeaf(const CgroupLeaf& leaf, Body body) {
  int go[2];
  if (pipe(go) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    close(go[1]);
    char c;
    if (read(go[0], &c, 1) != 1) _exit(100);
    _exit(body());
  }
  close(go[0]);
  Status moved = leaf.AddProcess(pid);
  EXPECT_TRUE(moved.ok()) << moved.ToString();
  Result<std::string> cg = ReadFile("/proc/" + std::to_string(pid) + "/cgroup");
  EXPECT_TRUE(cg.ok());
  // Each leaf directory's name appears in the child's cgroup membership.
  for (const std::string& d : leaf.dirs()) {
    std::string name = d.substr(d.find_last_of('/') + 1);
    EXPECT_NE(cg->find(name), std::string::npos) << *cg;
  }
  (void)!write(go[1], "x", 1);
  close(go[1]);
  int st = 0;
  waitpid(pid, &st, 0);
  return st;
}

class CgroupLeafTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
  }
};

TEST_F(CgroupLeafTest, EnforcesThePidLimitAndIsRemovedAfterwards) {
  std::vector<std::string> dirs;
  {
    Result<CgroupLeaf> leaf =
        CgroupLeaf::Create(256ull << 20, 16, /*allow_v1=*/true);
    if (!leaf.ok()) GTEST_SKIP() << leaf.status().message();
    dirs = leaf->dirs();
    ASSERT_FALSE(dirs.empty());
    for (const std::string& d : dirs) EXPECT_TRUE(Exists(d)) << d;
    Result<std::string> pids_max = ReadFile(dirs.back() + "/pids.max");
    ASSERT_TRUE(pids_max.ok());
    EXPECT_EQ(Trim(*pids_max), "16");
    // Root is exempt from RLIMIT_NPROC: only the cgroup stops this.
    int st = RunInLeaf(*leaf, [] {
      int made = 0;
      for (; made < 64; ++made) {
        pid_t p = fork();
        if (p < 0) return errno == EAGAIN && made < 16 ? 0 : 2;
        if (p == 0) {
          pause();
          _exit(0);
        }
      }
      return 1;  // 64 processes: no limit
    });
    ASSERT_TRUE(WIFEXITED(st)) << st;
    EXPECT_EQ(WEXITSTATUS(st), 0);
    // The sleepers left behind keep the leaf busy; end them.
    for (const std::string& d : dirs) {
      Result<std::string> procs = ReadFile(d + "/cgroup.procs");
      if (!procs.ok()) continue;
      for (const std::string& p : Split(*procs, '\n')) {
        if (!p.empty()) kill(std::atoi(p.c_str()), SIGKILL);
      }
    }
    for (int i = 0; i < 200; ++i) {
      Result<std::string> procs = ReadFile(dirs.back() + "/cgroup.procs");
      if (procs.ok() && Trim(*procs).empty()) break;
      usleep(10000);
    }
  }
  for (const std::string& d : dirs) EXPECT_FALSE(Exists(d)) << d;
}

TEST_F(CgroupLeafTest, KillsATaskThatAllocatesPastTheMemoryLimit) {
  Result<CgroupLeaf> leaf =
      CgroupLeaf::Create(32ull << 20, 64, /*allow_v1=*/true);
  if (!leaf.ok()) GTEST_SKIP() << leaf.status().message();
  int st = RunInLeaf(*leaf, [] {
    // Touch 256 MiB, page by page: the memory controller must stop it.
    const size_t n = 256u << 20;
    // volatile: the stores must happen (no dead-store elimination).
    volatile char* p = static_cast<volatile char*>(malloc(n));
    if (p == nullptr) return 3;
    for (size_t i = 0; i < n; i += 4096) p[i] = 1;
    return 0;  // not stopped
  });
  ASSERT_TRUE(WIFSIGNALED(st)) << "exit " << WEXITSTATUS(st);
  EXPECT_EQ(WTERMSIG(st), SIGKILL);  // the OOM killer, inside the leaf
  EXPECT_GE(leaf->MemoryPeak(), 16ull << 20);
  EXPECT_LE(leaf->MemoryPeak(), 33ull << 20);
}

}  // namespace
}  // namespace sg::sandbox
