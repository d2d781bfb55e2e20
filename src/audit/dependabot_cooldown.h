// dependabot-cooldown: Dependabot updates without a cooldown (or with
// `default-days` below the threshold) propose new releases the day they are
// published, before a malicious release has been noticed and yanked.
// Missing cooldown or missing `default-days`: medium; fewer days than
// `workflows.rules.dependabot-cooldown.config.days` (default 7): low.
#ifndef STEPGUARD_AUDIT_DEPENDABOT_COOLDOWN_H_
#define STEPGUARD_AUDIT_DEPENDABOT_COOLDOWN_H_

#include "audit/audit.h"

namespace sg::audit {

class DependabotCooldown : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckDependabot(const model::Dependabot& d, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_DEPENDABOT_COOLDOWN_H_
