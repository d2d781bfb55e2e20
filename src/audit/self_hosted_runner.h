// self-hosted-runner: jobs that run on self-hosted runners, which keep state
// between jobs unless ephemeral and, in public repositories, run code from
// anyone's pull request on the owner's machine. Whether a runner is
// ephemeral is not visible in the workflow, so this is an auditor-persona
// audit (as in zizmor): the `self-hosted` label or a matrix that expands to it
// is high confidence; a runner group, an expression we cannot resolve, or a
// custom label that names no GitHub-hosted image is low confidence.
#ifndef STEPGUARD_AUDIT_SELF_HOSTED_RUNNER_H_
#define STEPGUARD_AUDIT_SELF_HOSTED_RUNNER_H_

#include <string_view>

#include "audit/audit.h"

namespace sg::audit {

class SelfHostedRunner : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

// True for labels of GitHub-hosted runners (ubuntu-*, windows-*, macos-*,
// including larger-runner sizes such as ubuntu-latest-8-cores).
bool IsGithubHostedLabel(std::string_view label);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_SELF_HOSTED_RUNNER_H_
