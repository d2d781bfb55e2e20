// unsound-ternary: the `cond && A || B` pseudo-ternary with a falsy A
// (`''`, `0`, `false`, `null`, ...). When A is falsy the expression yields B
// even when `cond` is true, so the "true" branch can never be taken. Applies
// to every expression in workflows and actions. Same meaning as zizmor's
// audit of this id.
#ifndef STEPGUARD_AUDIT_UNSOUND_TERNARY_H_
#define STEPGUARD_AUDIT_UNSOUND_TERNARY_H_

#include "audit/audit.h"

namespace sg::audit {

class UnsoundTernary : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNSOUND_TERNARY_H_
