// bot-conditions: a job or step gated on the actor being a bot
// (`github.actor == 'dependabot[bot]'`). The actor is whoever caused the
// latest event, not the author of the code being run: anyone who can make a
// bot act on their pull request (e.g. `@dependabot rebase` on a fork's
// branch) passes the check. Same meaning as zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_BOT_CONDITIONS_H_
#define STEPGUARD_AUDIT_BOT_CONDITIONS_H_

#include "audit/audit.h"

namespace sg::audit {

class BotConditions : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_BOT_CONDITIONS_H_
