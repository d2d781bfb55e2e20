// overprovisioned-secrets: expressions that hand the whole `secrets` context
// to a step (`toJSON(secrets)`, `secrets[<computed name>]`, `secrets.*`), so
// every secret of the repository, organisation and environment reaches the
// runner instead of the one the step needs. Same meaning as zizmor's audit.
#ifndef STEPGUARD_AUDIT_OVERPROVISIONED_SECRETS_H_
#define STEPGUARD_AUDIT_OVERPROVISIONED_SECRETS_H_

#include "audit/audit.h"

namespace sg::audit {

class OverprovisionedSecrets : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_OVERPROVISIONED_SECRETS_H_
