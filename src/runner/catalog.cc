#include "runner/catalog.h"

namespace sg::runner {

const std::vector<RunnerRule>& RunnerRules() {
  using S = Severity;
  static const std::vector<RunnerRule> kRules = {
      {"runner-self-hosted", S::kMedium, S::kMedium,
       "the job runs on a self-hosted runner; state can persist between jobs",
       "Use GitHub-hosted or ephemeral (just-in-time) self-hosted runners for "
       "jobs that run untrusted code or agents."},
      {"runner-passwordless-sudo", S::kInfo, S::kHigh,
       "the current user can become root through sudo without a password",
       "Run the task as a user without sudo rights, or under `stepguard exec` "
       "which sets no_new_privs so sudo cannot elevate."},
      {"runner-docker-socket", S::kInfo, S::kHigh,
       "a Docker/containerd/podman socket is usable: root-equivalent access",
       "Do not give the task access to the container daemon socket; "
       "`stepguard exec` hides it."},
      {"runner-effective-capabilities", S::kInfo, S::kHigh,
       "a non-root process holds Linux capabilities in its effective set",
       "Drop capabilities before running untrusted code."},
      {"runner-secret-env", S::kMedium, S::kMedium,
       "a secret-looking variable is in the environment",
       "Pass secrets only to the steps that need them (step-level `env:`), "
       "never to an agent step."},
      {"runner-oidc-token-request", S::kMedium, S::kMedium,
       "the job can mint OIDC tokens (`id-token: write`)",
       "Grant `id-token: write` only to the job that deploys, not to jobs "
       "that run agents or untrusted code."},
      {"runner-actions-runtime-token", S::kMedium, S::kMedium,
       "ACTIONS_RUNTIME_TOKEN (cache and artifact write access) is in the "
       "environment",
       "Run untrusted code in a separate job, or under `stepguard exec` which "
       "does not pass ACTIONS_* variables."},
      {"runner-credential-file", S::kMedium, S::kMedium,
       "a cloud, registry or SSH credential file is readable",
       "Remove the file before the task runs, or hide it with `stepguard "
       "exec` (sandbox.filesystem.hidden)."},
      {"runner-persisted-credentials", S::kMedium, S::kMedium,
       "the checkout left a credential in git configuration",
       "Use `actions/checkout` with `persist-credentials: false`."},
      {"runner-tampering-env", S::kHigh, S::kHigh,
       "a variable that changes how later programs run is set",
       "Find the step that set it (often through $GITHUB_ENV) and remove it; "
       "list it in runner.ignore-env if it is intended."},
      {"runner-path-hijack", S::kHigh, S::kHigh,
       "PATH puts a writable temporary directory ahead of system directories",
       "Remove the entry (often added through $GITHUB_PATH) or move it after "
       "/usr/bin."},
      {"runner-ld-so-preload", S::kHigh, S::kHigh,
       "/etc/ld.so.preload injects a library into every program",
       "Investigate the runner image; a clean runner has no "
       "/etc/ld.so.preload."},
      {"runner-git-hooks", S::kHigh, S::kHigh,
       "git hooks or a command-running git setting are active in the workspace",
       "Delete the hooks and unset core.hooksPath / core.fsmonitor before git "
       "runs again."},
      {"runner-leftover-process", S::kHigh, S::kHigh,
       "a process left behind by an earlier step or job is still running",
       "Find the step that started it; kill it before the task runs, or list "
       "it in runner.allowed-processes if it is intended."},
      {"runner-unsecure-commands", S::kHigh, S::kHigh,
       "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables `set-env` / `add-path`",
       "Remove ACTIONS_ALLOW_UNSECURE_COMMANDS; use $GITHUB_ENV / "
       "$GITHUB_PATH."},
      {"runner-proxy-configured", S::kInfo, S::kInfo,
       "an HTTP(S) proxy is configured in the environment",
       "Informational: check that the proxy is the one you expect."},
      {"runner-requirement-unmet", S::kHigh, S::kHigh,
       "a condition listed in runner.require does not hold",
       "Run the job where the policy's requirements hold, or change "
       "runner.require."},
      {"runner-forbidden", S::kHigh, S::kHigh,
       "a condition listed in runner.forbid holds",
       "Remove the condition, or change runner.forbid."},
  };
  return kRules;
}

const RunnerRule* FindRunnerRule(std::string_view id) {
  for (const auto& r : RunnerRules()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

Severity DefaultSeverity(const RunnerRule& rule, ProbeContext context) {
  return context == ProbeContext::kExec ? rule.exec_severity
                                        : rule.runner_severity;
}

const std::vector<RunnerCondition>& RunnerConditions() {
  static const std::vector<RunnerCondition> kConditions = {
      {"github-hosted", {}, "RUNNER_ENVIRONMENT is github-hosted"},
      {"self-hosted",
       {"runner-self-hosted"},
       "RUNNER_ENVIRONMENT is self-hosted"},
      {"ephemeral",
       {},
       "the runner serves one job: GitHub-hosted, or self-hosted registered "
       "with --ephemeral"},
      {"root", {}, "the effective user is root"},
      {"passwordless-sudo",
       {"runner-passwordless-sudo"},
       "`sudo -n true` succeeds for a non-root user"},
      {"docker-group", {}, "the user is in the docker group"},
      {"docker-socket",
       {"runner-docker-socket"},
       "a container daemon socket accepts connections from this user"},
      {"docker-socket-for-agent",
       {"runner-docker-socket"},
       "same as docker-socket: the socket is usable by the identity that "
       "would run the agent"},
      {"effective-capabilities",
       {"runner-effective-capabilities"},
       "a non-root process has effective capabilities"},
      {"secrets-in-env",
       {"runner-secret-env"},
       "secret-looking variables are in the environment"},
      {"oidc-token-request",
       {"runner-oidc-token-request"},
       "ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN are set"},
      {"actions-runtime-token",
       {"runner-actions-runtime-token"},
       "ACTIONS_RUNTIME_TOKEN is set"},
      {"credential-files",
       {"runner-credential-file"},
       "credential files exist in the home directory"},
      {"persisted-credentials",
       {"runner-persisted-credentials"},
       "git configuration holds checkout credentials"},
      {"credentials-in-reach",
       {"runner-secret-env", "runner-oidc-token-request",
        "runner-actions-runtime-token", "runner-credential-file",
        "runner-persisted-credentials"},
       "any of the credential conditions above"},
      {"tampering-env",
       {"runner-tampering-env"},
       "execution-changing variables are set"},
      {"path-hijack",
       {"runner-path-hijack"},
       "PATH has writable temporary directories ahead of system ones"},
      {"ld-so-preload",
       {"runner-ld-so-preload"},
       "/etc/ld.so.preload is not empty"},
      {"git-hooks",
       {"runner-git-hooks"},
       "the workspace has git hooks or command-running git settings"},
      {"leftover-processes",
       {"runner-leftover-process"},
       "processes left by earlier steps or jobs are running"},
      {"unsecure-commands",
       {"runner-unsecure-commands"},
       "ACTIONS_ALLOW_UNSECURE_COMMANDS is true"},
      {"tampering",
       {"runner-tampering-env", "runner-path-hijack", "runner-ld-so-preload",
        "runner-git-hooks", "runner-leftover-process",
        "runner-unsecure-commands"},
       "any of the tampering conditions above"},
      {"proxy", {"runner-proxy-configured"}, "an HTTP(S) proxy is configured"},
      {"network-monitor",
       {},
       "harden-runner (or a similar egress agent) is active"},
      {"user-namespaces",
       {},
       "unprivileged user namespaces can be created (not disabled by sysctl "
       "or restricted by AppArmor)"},
      {"userns-restricted",
       {},
       "kernel.apparmor_restrict_unprivileged_userns is 1"},
      {"landlock", {}, "Landlock is available (ABI >= 1)"},
      {"seccomp", {}, "seccomp filters are supported"},
      {"seccomp-user-notif", {}, "seccomp user notification is supported"},
      {"cgroup-v2", {}, "a cgroup v2 hierarchy is mounted"},
      {"cgroup-delegation",
       {},
       "the current cgroup v2 directory is writable, so a child cgroup can be "
       "created for the task"},
      {"no-new-privs", {}, "no_new_privs is already set on this process"},
  };
  return kConditions;
}

const RunnerCondition* FindRunnerCondition(std::string_view name) {
  for (const auto& c : RunnerConditions()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace sg::runner
