// agent-untrusted-trigger: a coding agent runs on an event an outsider can
// cause, with no author-association or permission gate, while holding write
// permissions or secrets.
#ifndef STEPGUARD_AUDIT_AGENT_UNTRUSTED_TRIGGER_H_
#define STEPGUARD_AUDIT_AGENT_UNTRUSTED_TRIGGER_H_

#include "audit/audit.h"

namespace sg::audit {

class AgentUntrustedTrigger : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_AGENT_UNTRUSTED_TRIGGER_H_
