// secrets-outside-env: a job that reads secrets (other than GITHUB_TOKEN)
// without an `environment:`. Environment secrets can be guarded by required
// reviewers, branch rules and wait timers; repository and organisation
// secrets are readable by every job of every branch that can run the
// workflow. Auditor persona, as in zizmor. Secrets named in the rule's
// `config: {allow: [NAME, ...]}` are not reported.
#ifndef STEPGUARD_AUDIT_SECRETS_OUTSIDE_ENV_H_
#define STEPGUARD_AUDIT_SECRETS_OUTSIDE_ENV_H_

#include "audit/audit.h"

namespace sg::audit {

class SecretsOutsideEnv : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_SECRETS_OUTSIDE_ENV_H_
