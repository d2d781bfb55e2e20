// unsound-condition: an `if:` whose value is more than one `${{ }}`
// expression — typically a block scalar (`if: |`) that adds a trailing
// newline, or text around the braces. GitHub then evaluates the whole value
// as a string template, and a non-empty string is true: the condition always
// passes. Same meaning as zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_UNSOUND_CONDITION_H_
#define STEPGUARD_AUDIT_UNSOUND_CONDITION_H_

#include "audit/audit.h"

namespace sg::audit {

class UnsoundCondition : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNSOUND_CONDITION_H_
