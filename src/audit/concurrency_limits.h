// concurrency-limits (pedantic): runs of a workflow that are not limited by
// a `concurrency:` group with `cancel-in-progress`. Reported: a workflow
// `concurrency:` given as a bare group name (no cancel-in-progress); without
// workflow concurrency, a job whose `concurrency:` is a bare group name, and
// the workflow once when some job has no concurrency at all. An explicit
// `cancel-in-progress` (even false) is taken as intended, as in zizmor.
#ifndef STEPGUARD_AUDIT_CONCURRENCY_LIMITS_H_
#define STEPGUARD_AUDIT_CONCURRENCY_LIMITS_H_

#include "audit/audit.h"

namespace sg::audit {

class ConcurrencyLimits : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_CONCURRENCY_LIMITS_H_
