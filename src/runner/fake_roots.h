// Test helper: a fake root that looks like a clean GitHub-hosted Ubuntu
// runner in the middle of a step. Tests change one thing to show the risky
// state of a probe.
#ifndef STEPGUARD_RUNNER_FAKE_ROOTS_H_
#define STEPGUARD_RUNNER_FAKE_ROOTS_H_

#include <algorithm>
#include <string>

#include "runner/fake_system_view.h"
#include "runner/posture.h"

namespace sg::runner::testing {

inline constexpr char kWorkspace[] = "/home/runner/work/repo/repo";
inline constexpr char kRunnerTemp[] = "/home/runner/work/_temp";
inline constexpr char kTracking[] = "github_7d2c5e0a";
inline constexpr int kSelfPid = 701;

inline std::string SelfStatus(const std::string& cap_eff = "0000000000000000",
                              int no_new_privs = 0) {
  return "Name:\tstepguard\nUid:\t1001\t1001\t1001\t1001\n"
         "CapInh:\t0000000000000000\nCapPrm:\t" +
         cap_eff + "\nCapEff:\t" + cap_eff +
         "\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n"
         "NoNewPrivs:\t" +
         std::to_string(no_new_privs) + "\nSeccomp:\t0\nSeccomp_filters:\t0\n";
}

inline void CleanHostedRunner(FakeSystemView* f) {
  f->SetEnv("GITHUB_ACTIONS", "true");
  f->SetEnv("RUNNER_ENVIRONMENT", "github-hosted");
  f->SetEnv("RUNNER_OS", "Linux");
  f->SetEnv("RUNNER_ARCH", "X64");
  f->SetEnv("RUNNER_TEMP", kRunnerTemp);
  f->SetEnv("RUNNER_TRACKING_ID", kTracking);
  f->SetEnv("GITHUB_RUN_ID", "4242");
  f->SetEnv("GITHUB_WORKSPACE", kWorkspace);
  f->SetEnv("HOME", "/home/runner");
  f->SetEnv("PATH",
            "/home/runner/.local/bin:/opt/hostedtoolcache/node/20/x64/bin:"
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  f->SetIdentity({1001, 1001, 1001, 1001, {1001, 4}});
  f->SetSudo(SudoOutcome::kNeedsPassword);
  f->SetLandlockAbi(4);

  f->AddFile("/etc/os-release",
             "NAME=\"Ubuntu\"\nPRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\n");
  f->AddFile("/etc/passwd",
             "root:x:0:0:root:/root:/bin/bash\n"
             "runner:x:1001:1001::/home/runner:/bin/bash\n");
  f->AddFile("/etc/group",
             "root:x:0:\nadm:x:4:runner\ndocker:x:118:\nrunner:x:1001:\n");
  f->AddFile("/usr/bin/sudo", "", 04755);
  f->AddSymlink("/var/run", "/run");
  f->AddDir("/tmp", 01777);
  f->AddDir("/home/runner", 0750, 1001);
  f->AddDir(kRunnerTemp, 0755, 1001);
  f->AddDir(std::string(kWorkspace) + "/.git/hooks", 0755, 1001);
  f->AddFile(std::string(kWorkspace) + "/.git/hooks/pre-commit.sample",
             "#!/bin/sh\n", 0755, 1001);
  f->SetGitConfig(kWorkspace, {{"core.bare", "false", "local", 0},
                               {"remote.origin.url", "https://github.com/o/r",
                                "local", 0}});

  f->AddFile("/proc/sys/kernel/osrelease", "6.8.0-1017-azure\n");
  f->AddFile("/proc/sys/kernel/version", "#17-Ubuntu SMP\n");
  f->AddFile("/proc/sys/user/max_user_namespaces", "63936\n");
  f->AddFile("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "0\n");
  f->AddFile(
      "/proc/sys/kernel/seccomp/actions_avail",
      "kill_process kill_thread trap errno user_notif trace log allow\n");
  f->AddFile("/sys/kernel/security/lsm",
             "lockdown,capability,landlock,yama,apparmor");

  const std::string svc = "0::/system.slice/runner-provisioner.service";
  f->AddProcess({1, 0, "systemd", 0, 1, false, {}, true, "0::/init.scope"});
  f->AddProcess({2, 0, "kthreadd", 0, 1, true, {}, true, "0::/"});
  f->AddProcess({3, 2, "kworker/0:0", 0, 2, true, {}, true, "0::/"});
  f->AddProcess({300,
                 1,
                 "sshd",
                 0,
                 50,
                 false,
                 {},
                 false,
                 "0::/system.slice/ssh.service"});
  f->AddProcess({500, 1, "Runner.Listener", 1001, 400, false, {}, true, svc});
  f->AddProcess({600, 500, "Runner.Worker", 1001, 1000, false, {}, true, svc});
  f->AddProcess({700,
                 600,
                 "bash",
                 1001,
                 1500,
                 false,
                 {{"RUNNER_TRACKING_ID", kTracking}, {"GITHUB_RUN_ID", "4242"}},
                 true,
                 svc});
  f->AddProcess({kSelfPid,
                 700,
                 "stepguard",
                 1001,
                 1501,
                 false,
                 {{"RUNNER_TRACKING_ID", kTracking}, {"GITHUB_RUN_ID", "4242"}},
                 true,
                 svc});
  f->SetSelf(kSelfPid);
  f->AddFile("/proc/self/status", SelfStatus());
  f->AddFile(
      "/proc/self/mounts",
      "sysfs /sys sysfs rw 0 0\ncgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n");
  f->AddSymlink("/proc/701/cwd", kWorkspace);
  std::string cg = "/sys/fs/cgroup/system.slice/runner-provisioner.service";
  f->AddFile(cg + "/cgroup.controllers", "cpu io memory pids\n");
  f->AddFile(cg + "/cgroup.procs", "");
  f->SetWritable(cg, true);
  f->SetWritable(cg + "/cgroup.procs", true);
}

inline int CountRule(const RunnerReport& r, const std::string& rule) {
  const auto& fs = r.findings.findings();
  return static_cast<int>(std::count_if(
      fs.begin(), fs.end(), [&](const Finding& f) { return f.rule == rule; }));
}

inline const Finding* FirstRule(const RunnerReport& r,
                                const std::string& rule) {
  for (const auto& f : r.findings.findings()) {
    if (f.rule == rule) return &f;
  }
  return nullptr;
}

inline Tri Condition(const RunnerReport& r, const std::string& name) {
  auto it = r.conditions.find(name);
  return it == r.conditions.end() ? Tri::kUnknown : it->second;
}

}  // namespace sg::runner::testing

#endif  // STEPGUARD_RUNNER_FAKE_ROOTS_H_
