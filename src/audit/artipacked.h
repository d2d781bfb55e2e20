// artipacked: `actions/checkout` leaves the job's token in `.git/config`
// unless `persist-credentials: false` is set. Every later step (third-party
// actions included) can read it, and an artifact upload of the workspace
// publishes it. Severity is high when a later `actions/upload-artifact` in
// the same job uploads the workspace root (with hidden files), medium
// otherwise; an explicit `persist-credentials: true` is taken as intended and
// reported at low confidence (auditor persona only).
#ifndef STEPGUARD_AUDIT_ARTIPACKED_H_
#define STEPGUARD_AUDIT_ARTIPACKED_H_

#include <string>
#include <vector>

#include "audit/audit.h"

namespace sg::audit {

class Artipacked : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;

 private:
  void CheckSteps(const std::vector<model::Step>& steps,
                  const std::string& route_prefix, AuditContext& ctx);
};

// True when an `actions/upload-artifact` `path:` value (newline-separated
// patterns) includes the workspace root: ".", "./", "..", "../", "*", "**" or
// an expression / variable naming the workspace.
bool UploadsWorkspaceRoot(const std::string& path);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_ARTIPACKED_H_
