// secrets-inherit: a reusable-workflow call with `secrets: inherit` hands the
// called workflow every secret of the caller, not just the ones it needs.
#ifndef STEPGUARD_AUDIT_SECRETS_INHERIT_H_
#define STEPGUARD_AUDIT_SECRETS_INHERIT_H_

#include "audit/audit.h"

namespace sg::audit {

class SecretsInherit : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_SECRETS_INHERIT_H_
