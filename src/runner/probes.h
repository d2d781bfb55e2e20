// The runner probes. Each reads the machine only through `in.sys` and adds
// facts, findings and condition values to `out`. RunRunnerChecks
// (runner_check.h) calls them in a fixed order.
#ifndef STEPGUARD_RUNNER_PROBES_H_
#define STEPGUARD_RUNNER_PROBES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/posture.h"
#include "runner/proc_table.h"
#include "runner/runner_policy.h"
#include "runner/system_view.h"

namespace sg::runner {

struct ProbeInput {
  const SystemView& sys;
  const RunnerOptions& options;
  const RunnerPolicy& policy;
  std::string workspace;  // resolved: option, $GITHUB_WORKSPACE or cwd
  std::string home;       // $HOME, else the passwd entry
  // Read once and shared by the probes that need them.
  std::vector<ProcessInfo> processes;  // empty when /proc is unreadable
  // The workspace's effective git configuration; nullopt when the
  // workspace is not a repository.
  std::optional<std::vector<GitConfigEntry>> git_config;
};

// Hosted or self-hosted, ephemeral, OS and kernel, user and groups.
void ProbeRunnerIdentity(const ProbeInput& in, RunnerReport* out);
// Passwordless sudo, docker group and container sockets, capabilities.
void ProbePrivilege(const ProbeInput& in, RunnerReport* out);
// User namespaces, AppArmor restriction, Landlock, seccomp, cgroup v2,
// no_new_privs (facts only).
void ProbeSandboxSupport(const ProbeInput& in, RunnerReport* out);
// Secret-looking variables, OIDC and runtime tokens, credential files,
// persisted checkout credentials.
void ProbeCredentials(const ProbeInput& in, RunnerReport* out);
// Execution-changing variables, PATH hijack, /etc/ld.so.preload, git hooks,
// ACTIONS_ALLOW_UNSECURE_COMMANDS.
void ProbeTampering(const ProbeInput& in, RunnerReport* out);
// Processes left behind by earlier steps or jobs.
void ProbeLeftoverProcesses(const ProbeInput& in, RunnerReport* out);
// Proxy variables, egress monitors, opt-in reachability.
void ProbeNetwork(const ProbeInput& in, RunnerReport* out);

// Helpers shared by the probes.
// "Key:\tvalue" lines (/proc/self/status) -> value of `key`, trimmed.
std::optional<std::string> StatusField(std::string_view status,
                                       std::string_view key);
// Replaces the userinfo of every URL in `s` with "***".
std::string RedactUrlCredentials(std::string_view s);
std::string JoinPath(std::string_view dir, std::string_view name);
std::string DirName(std::string_view path);
// True when `name` matches one of the globs (case-insensitive).
bool MatchesAnyGlob(std::string_view name,
                    const std::vector<std::string>& globs);

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_PROBES_H_
