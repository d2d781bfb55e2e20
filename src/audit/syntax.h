// syntax: problems with the shape of a workflow, action or dependabot file
// that GitHub rejects or silently ignores: values of the wrong type (from the
// model builder's diagnostics), unknown keys at workflow, job and step level,
// and missing required keys — each at its exact position.
#ifndef STEPGUARD_AUDIT_SYNTAX_H_
#define STEPGUARD_AUDIT_SYNTAX_H_

#include "audit/audit.h"

namespace sg::audit {

class Syntax : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;
  void CheckDependabot(const model::Dependabot& d, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_SYNTAX_H_
