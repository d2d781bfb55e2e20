// RunnerPolicy: the `runner:` section of the policy file as a plain struct.
// The policy module maps YAML onto it; the runner module only reads it.
//
//   runner:
//     require: [github-hosted, ephemeral]          -> require
//     forbid: [docker-socket-for-agent, persisted-credentials] -> forbid
//     violation-severity: high                      -> violation_severity
//     severity: {runner-self-hosted: high}          -> severity
//     disable: [runner-proxy-configured]            -> disable
//     secret-env-patterns: ["*_SIGNING_KEY"]        -> secret_env_patterns
//     ignore-env: [LD_LIBRARY_PATH]                 -> ignore_env
//     allowed-processes: ["sccache*"]               -> allowed_processes
#ifndef STEPGUARD_RUNNER_RUNNER_POLICY_H_
#define STEPGUARD_RUNNER_RUNNER_POLICY_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "finding/finding.h"

namespace sg::runner {

struct RunnerPolicy {
  // Condition names (see RunnerConditions() in catalog.h) that must hold; an
  // unmet one is a `runner-requirement-unmet` finding, an undecidable one is
  // reported as not assessed.
  std::vector<std::string> require;
  // Condition names that must not hold; a forbidden condition raises the
  // finding that shows it to `violation_severity` (or adds a
  // `runner-forbidden` finding when no probe finding carries it).
  std::vector<std::string> forbid;
  // Severity of require/forbid violations.
  Severity violation_severity = Severity::kHigh;
  // Per-rule severity overrides (rule id -> severity), both contexts. Rules
  // not named keep the catalogue default for the context (runner or exec).
  std::map<std::string, Severity> severity;
  // Rule ids that are not reported at all (their conditions still evaluate).
  std::set<std::string> disable;
  // Extra case-insensitive globs for secret-looking variable names, on top of
  // the built-in list (`*TOKEN*`, `*SECRET*`, `*PASSWORD*`, ...).
  std::vector<std::string> secret_env_patterns;
  // Variable names (globs) never reported as secrets or as tampering.
  std::vector<std::string> ignore_env;
  // Process names (`comm`, globs) accepted when left running by earlier
  // steps, e.g. a build cache daemon the workflow starts on purpose.
  std::vector<std::string> allowed_processes;
};

// The embedded default (DESIGN.md): no require/forbid, catalogue severities
// (self-hosted medium; docker socket and passwordless sudo info for
// `runner`, high for `exec`; credentials in reach medium; tampering high).
RunnerPolicy DefaultRunnerPolicy();

// InvalidInput naming the first unknown condition or rule id, listing the
// valid ones; OK otherwise.
Status ValidateRunnerPolicy(const RunnerPolicy& policy);

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_RUNNER_POLICY_H_
