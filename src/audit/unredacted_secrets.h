// unredacted-secrets: secrets transformed by `fromJSON()` (e.g.
// `fromJSON(secrets.CONFIG).token`). GitHub masks a secret's exact value in
// logs; a value decoded out of a JSON secret is a different string and is
// printed in clear. Same meaning as zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_UNREDACTED_SECRETS_H_
#define STEPGUARD_AUDIT_UNREDACTED_SECRETS_H_

#include "audit/audit.h"

namespace sg::audit {

class UnredactedSecrets : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNREDACTED_SECRETS_H_
