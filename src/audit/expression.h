// expression: `${{ }}` expressions (and `if:` conditions) that GitHub rejects
// or that never work: syntax errors, unterminated `${{`, unknown functions,
// wrong arity, unknown contexts, contexts or functions unavailable where the
// expression appears, provably wrong format() strings. Positions are exact.
#ifndef STEPGUARD_AUDIT_EXPRESSION_H_
#define STEPGUARD_AUDIT_EXPRESSION_H_

#include "audit/audit.h"

namespace sg::audit {

class Expression : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_EXPRESSION_H_
