// anonymous-definition (pedantic): workflows without `name:` (low; the UI
// then shows the file path) and jobs without `name:` (informational).
#ifndef STEPGUARD_AUDIT_ANONYMOUS_DEFINITION_H_
#define STEPGUARD_AUDIT_ANONYMOUS_DEFINITION_H_

#include "audit/audit.h"

namespace sg::audit {

class AnonymousDefinition : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_ANONYMOUS_DEFINITION_H_
