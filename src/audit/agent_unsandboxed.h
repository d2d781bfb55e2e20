// agent-unsandboxed: a coding agent step that does not run under
// `stepguard exec` (informational; the policy can raise it).
#ifndef STEPGUARD_AUDIT_AGENT_UNSANDBOXED_H_
#define STEPGUARD_AUDIT_AGENT_UNSANDBOXED_H_

#include "audit/audit.h"

namespace sg::audit {

class AgentUnsandboxed : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_AGENT_UNSANDBOXED_H_
