// untrusted-checkout: a privileged workflow (pull_request_target,
// workflow_run, issue_comment) checks out the pull request's code and a later
// step executes it with the base repository's token and secrets.
#ifndef STEPGUARD_AUDIT_UNTRUSTED_CHECKOUT_H_
#define STEPGUARD_AUDIT_UNTRUSTED_CHECKOUT_H_

#include "audit/audit.h"

namespace sg::audit {

class UntrustedCheckout : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNTRUSTED_CHECKOUT_H_
