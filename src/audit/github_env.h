// github-env: a `run:` step writes computed data to `$GITHUB_ENV` or
// `$GITHUB_PATH` in a workflow triggered by `pull_request_target` or
// `workflow_run` (or in a composite action, whose callers are unknown).
// Whoever controls the written value can set LD_PRELOAD, NODE_OPTIONS,
// BASH_ENV or PATH for every later step of the job. Writes of literal text
// (`echo "FOO=bar" >> $GITHUB_ENV`) are not flagged.
//
// Confidence: medium when the job visibly handles outsider data (an
// attacker-controlled context in the step, a checkout of pull-request code,
// a downloaded artifact); low otherwise (auditor persona), as zizmor.
#ifndef STEPGUARD_AUDIT_GITHUB_ENV_H_
#define STEPGUARD_AUDIT_GITHUB_ENV_H_

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"

namespace sg::audit {

class GithubEnv : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

// A write to an environment file found in a script.
struct EnvFileWrite {
  std::string destination;    // GITHUB_ENV or GITHUB_PATH
  size_t begin = 0, end = 0;  // the command line in the script
};

// Writes of non-literal data to GITHUB_ENV / GITHUB_PATH in `script`, for a
// shell family: "bash" (sh, bash, zsh), "pwsh" (pwsh, powershell) or "cmd".
std::vector<EnvFileWrite> FindEnvFileWrites(std::string_view script,
                                            std::string_view shell);

// "bash", "pwsh", "cmd", "python" or "" from a `shell:` value such as
// `/usr/bin/bash -e {0}`.
std::string ShellFamily(std::string_view shell);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_GITHUB_ENV_H_
