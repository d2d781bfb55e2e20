#include <gtest/gtest.h>

#include "runner/fake_roots.h"
#include "runner/runner_check.h"

namespace sg::runner {
namespace {

using testing::CleanHostedRunner;
using testing::Condition;

class SandboxProbeTest : public ::testing::Test {
 protected:
  void SetUp() override { CleanHostedRunner(&fake_); }
  RunnerReport Run() {
    return RunRunnerChecks(fake_, {}, DefaultRunnerPolicy());
  }
  FakeSystemView fake_;
};

TEST_F(SandboxProbeTest, FullSupportIsReported) {
  RunnerReport r = Run();
  const auto& s = r.facts.sandbox;
  EXPECT_EQ(s.user_namespaces, Tri::kYes);
  EXPECT_EQ(s.max_user_namespaces, 63936);
  EXPECT_EQ(s.apparmor_restrict_unprivileged_userns, false);
  EXPECT_EQ(s.landlock_abi, 4);
  EXPECT_EQ(s.lsms.size(), 5u);
  EXPECT_TRUE(s.seccomp);
  EXPECT_TRUE(s.seccomp_user_notif);
  EXPECT_EQ(s.seccomp_mode, 0);
  EXPECT_TRUE(s.cgroup_v2);
  EXPECT_EQ(s.cgroup_v2_mount, "/sys/fs/cgroup");
  EXPECT_EQ(s.cgroup_path, "/system.slice/runner-provisioner.service");
  EXPECT_EQ(s.cgroup_controllers,
            (std::vector<std::string>{"cpu", "io", "memory", "pids"}));
  EXPECT_TRUE(s.cgroup_delegable);
  EXPECT_FALSE(s.no_new_privs);
  for (const char* c :
       {"user-namespaces", "landlock", "seccomp", "seccomp-user-notif",
        "cgroup-v2", "cgroup-delegation"}) {
    EXPECT_EQ(Condition(r, c), Tri::kYes) << c;
  }
  EXPECT_EQ(Condition(r, "userns-restricted"), Tri::kNo);
  EXPECT_EQ(Condition(r, "no-new-privs"), Tri::kNo);
  // Support facts are never findings by themselves.
  EXPECT_TRUE(r.findings.findings().empty());
}

TEST_F(SandboxProbeTest, ReadSandboxSupportMatchesTheFullRun) {
  RunnerFacts::Sandbox s = ReadSandboxSupport(fake_);
  EXPECT_EQ(s.landlock_abi, 4);
  EXPECT_TRUE(s.seccomp_user_notif);
  EXPECT_TRUE(s.cgroup_delegable);
  EXPECT_EQ(s.user_namespaces, Run().facts.sandbox.user_namespaces);
  fake_.SetLandlockAbi(0);
  EXPECT_EQ(ReadSandboxSupport(fake_).landlock_abi, 0);
}

TEST_F(SandboxProbeTest, RestrictedKernelIsReported) {
  // Ubuntu 24.04 default: AppArmor restricts unprivileged user namespaces.
  fake_.AddFile("/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
                "1\n");
  fake_.SetLandlockAbi(0);
  fake_.RemovePath("/proc/sys/kernel/seccomp/actions_avail");
  fake_.AddFile("/proc/self/status", "Name:\tx\nNoNewPrivs:\t1\n");
  fake_.AddFile("/proc/self/mounts",
                "cgroup /sys/fs/cgroup/memory cgroup rw 0 0\n");
  RunnerReport r = Run();
  const auto& s = r.facts.sandbox;
  EXPECT_EQ(s.user_namespaces, Tri::kNo);
  EXPECT_EQ(Condition(r, "userns-restricted"), Tri::kYes);
  EXPECT_EQ(Condition(r, "user-namespaces"), Tri::kNo);
  EXPECT_EQ(Condition(r, "landlock"), Tri::kNo);
  EXPECT_FALSE(s.seccomp);
  EXPECT_EQ(Condition(r, "seccomp"), Tri::kNo);
  EXPECT_EQ(Condition(r, "seccomp-user-notif"), Tri::kNo);
  EXPECT_FALSE(s.cgroup_v2);
  EXPECT_EQ(Condition(r, "cgroup-delegation"), Tri::kNo);
  EXPECT_TRUE(s.no_new_privs);
  EXPECT_EQ(Condition(r, "no-new-privs"), Tri::kYes);
}

TEST_F(SandboxProbeTest, DebianUsernsSysctlOffMeansNoUserNamespaces) {
  fake_.AddFile("/proc/sys/kernel/unprivileged_userns_clone", "0\n");
  EXPECT_EQ(Run().facts.sandbox.user_namespaces, Tri::kNo);
}

TEST_F(SandboxProbeTest, ReadOnlyCgroupIsNotDelegable) {
  fake_.SetWritable("/sys/fs/cgroup/system.slice/runner-provisioner.service",
                    false);
  RunnerReport r = Run();
  EXPECT_TRUE(r.facts.sandbox.cgroup_v2);
  EXPECT_FALSE(r.facts.sandbox.cgroup_delegable);
  EXPECT_EQ(Condition(r, "cgroup-delegation"), Tri::kNo);
}

}  // namespace
}  // namespace sg::runner
