// The result of the runner probes: typed facts (what `stepguard exec` needs
// to choose its sandbox layers), findings (`runner-*`) and the truth value of
// every policy condition. Nothing here ever holds a secret value: probes
// record variable names, file paths and config keys only.
#ifndef STEPGUARD_RUNNER_POSTURE_H_
#define STEPGUARD_RUNNER_POSTURE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "finding/finding.h"
#include "runner/catalog.h"

namespace sg::runner {

// A fact the probe could not always decide.
enum class Tri { kUnknown, kNo, kYes };
inline Tri ToTri(bool b) { return b ? Tri::kYes : Tri::kNo; }

struct RunnerFacts {
  struct Runner {
    std::string environment =
        "local";  // github-hosted|self-hosted|unknown|local
    Tri ephemeral = Tri::kUnknown;
    std::string ephemeral_evidence;  // why we think so
    std::string os;                  // RUNNER_OS, when set
    std::string arch;                // RUNNER_ARCH, when set
  } runner;
  struct Kernel {
    std::string os_name;  // PRETTY_NAME from /etc/os-release
    std::string release;  // /proc/sys/kernel/osrelease
    std::string version;  // /proc/sys/kernel/version
  } kernel;
  struct Identity {
    uint32_t uid = 0, euid = 0, gid = 0;
    std::string user;
    std::vector<std::string> groups;
    bool root = false;
    bool sudo_installed = false;
    Tri passwordless_sudo = Tri::kUnknown;  // not probed for root
    bool docker_group = false;
    std::vector<std::string> container_sockets;  // usable ones
    std::vector<std::string> cap_effective, cap_permitted, cap_bounding,
        cap_ambient;
  } identity;
  struct Sandbox {
    Tri user_namespaces = Tri::kUnknown;
    std::optional<long> max_user_namespaces;
    std::optional<bool> unprivileged_userns_clone;  // Debian sysctl
    std::optional<bool> apparmor_restrict_unprivileged_userns;
    std::vector<std::string> lsms;  // /sys/kernel/security/lsm when readable
    int landlock_abi = 0;
    bool seccomp = false;
    bool seccomp_user_notif = false;
    std::vector<std::string> seccomp_actions;
    std::optional<int>
        seccomp_mode;  // of this process: 0 none, 1 strict, 2 filter
    bool cgroup_v2 = false;
    std::string cgroup_v2_mount;
    std::string cgroup_path;
    std::vector<std::string> cgroup_controllers;
    bool cgroup_delegable = false;
    bool no_new_privs = false;
  } sandbox;
  struct Network {
    std::vector<std::string> proxy_variables;
    std::string monitor;  // "harden-runner" or empty
    struct Reachability {
      std::string endpoint;
      bool reachable = false;
      std::string error;
    };
    std::vector<Reachability> reachability;
  } network;
  struct Processes {
    int total = 0;
    int leftover = 0;
    int unreadable = 0;      // environ unreadable (other users, no privilege)
    std::string job_anchor;  // "Runner.Worker (pid N)" or empty
  } processes;
};

struct RunnerOptions {
  ProbeContext context = ProbeContext::kRunner;
  // Workspace whose git configuration and hooks are inspected; empty means
  // $GITHUB_WORKSPACE, else the current directory.
  std::string workspace;
  // Opt-in reachability checks (host, port). Never probed by default.
  std::vector<std::pair<std::string, uint16_t>> probe_network;
  int probe_network_timeout_ms = 2000;
};

struct RunnerReport {
  RunnerFacts facts;
  FindingSet findings;
  std::map<std::string, Tri, std::less<>> conditions;

  // Records a probe finding; severity is set later from the policy.
  void AddFinding(std::string_view rule, std::string message,
                  std::string snippet,
                  Confidence confidence = Confidence::kHigh);
  void SetCondition(std::string_view name, Tri value);
  // Sets `name` to yes when any finding of one of its rules exists, else no.
  void SetConditionFromFindings(std::string_view name);
};

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_POSTURE_H_
