// Entry point of the runner module: run every probe against a SystemView and
// judge the result with the policy's `runner:` section.
#ifndef STEPGUARD_RUNNER_RUNNER_CHECK_H_
#define STEPGUARD_RUNNER_RUNNER_CHECK_H_

#include "runner/posture.h"
#include "runner/runner_policy.h"
#include "runner/system_view.h"

namespace sg::runner {

// Runs the probes in a fixed order (identity, privilege, sandbox support,
// credentials, tampering, leftover processes, network) and then
// ApplyRunnerPolicy. Never fails: what cannot be read becomes "not
// assessed" or an unknown fact. `policy` must have passed
// ValidateRunnerPolicy (unknown names are ignored otherwise).
RunnerReport RunRunnerChecks(const SystemView& sys,
                             const RunnerOptions& options,
                             const RunnerPolicy& policy);

// Only the sandbox-support facts (user namespaces, AppArmor restriction,
// Landlock, seccomp, cgroup v2, no_new_privs): what `stepguard exec` needs
// to choose its layers, without the process scan or the git read.
RunnerFacts::Sandbox ReadSandboxSupport(const SystemView& sys);

// Sets each finding's severity (policy override, else the catalogue default
// for `context`), drops disabled rules, then applies runner.forbid (raise
// the findings showing a forbidden condition to the violation severity) and
// runner.require (a `runner-requirement-unmet` finding per unmet name; an
// undecidable one is reported as not assessed). Sorts the findings.
void ApplyRunnerPolicy(const RunnerPolicy& policy, ProbeContext context,
                       RunnerReport* report);

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_RUNNER_CHECK_H_
