// agent-prompt-injection: attacker-controlled text (directly, or through env,
// outputs, inputs or a prompt file) flows into a coding agent's prompt.
#ifndef STEPGUARD_AUDIT_AGENT_PROMPT_INJECTION_H_
#define STEPGUARD_AUDIT_AGENT_PROMPT_INJECTION_H_

#include "audit/audit.h"

namespace sg::audit {

class AgentPromptInjection : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_AGENT_PROMPT_INJECTION_H_
