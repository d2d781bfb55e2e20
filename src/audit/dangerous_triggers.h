// dangerous-triggers: `pull_request_target` and `workflow_run` run with the
// base repository's secrets and a write-capable token while reacting to
// events that outsiders cause; almost every use is exploitable once the
// workflow touches the pull request's code or data.
#ifndef STEPGUARD_AUDIT_DANGEROUS_TRIGGERS_H_
#define STEPGUARD_AUDIT_DANGEROUS_TRIGGERS_H_

#include "audit/audit.h"

namespace sg::audit {

class DangerousTriggers : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_DANGEROUS_TRIGGERS_H_
