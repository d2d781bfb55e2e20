// agent-unsafe-config: a coding agent with its safety switched off (sandbox
// disabled, every tool call approved, any user allowed to start it).
#ifndef STEPGUARD_AUDIT_AGENT_UNSAFE_CONFIG_H_
#define STEPGUARD_AUDIT_AGENT_UNSAFE_CONFIG_H_

#include "audit/audit.h"

namespace sg::audit {

class AgentUnsafeConfig : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_AGENT_UNSAFE_CONFIG_H_
