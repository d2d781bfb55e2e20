// superfluous-actions: third-party actions that wrap what the runner image
// already provides (`gh release`, `gh pr comment`, `docker run`, `rustup`).
// Each is one more party with code execution in the job and access to its
// token. The table is in superfluous_actions.cc. Same meaning as zizmor's
// audit of this id (`peter-evans/create-pull-request` is pedantic only).
#ifndef STEPGUARD_AUDIT_SUPERFLUOUS_ACTIONS_H_
#define STEPGUARD_AUDIT_SUPERFLUOUS_ACTIONS_H_

#include "audit/audit.h"

namespace sg::audit {

class SuperfluousActions : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_SUPERFLUOUS_ACTIONS_H_
