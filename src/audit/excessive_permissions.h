// excessive-permissions: the GITHUB_TOKEN holds more than the job needs.
// Flags `write-all`, write scopes granted to every job at workflow level, and
// jobs that run with the repository's implicit default (which is write-all
// on repositories created before February 2023 and in many organisations).
#ifndef STEPGUARD_AUDIT_EXCESSIVE_PERMISSIONS_H_
#define STEPGUARD_AUDIT_EXCESSIVE_PERMISSIONS_H_

#include "audit/audit.h"

namespace sg::audit {

class ExcessivePermissions : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_EXCESSIVE_PERMISSIONS_H_
