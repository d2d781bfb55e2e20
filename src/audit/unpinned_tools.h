// unpinned-tools: actions that download a tool and, unless told a version,
// install whatever is newest (`aquasecurity/trivy-action` without `version:`
// or with `version: latest`). Pinning the action's commit does not pin the
// tool it fetches. The table of such actions is in unpinned_tools.cc. Same
// meaning as zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_UNPINNED_TOOLS_H_
#define STEPGUARD_AUDIT_UNPINNED_TOOLS_H_

#include "audit/audit.h"

namespace sg::audit {

class UnpinnedTools : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNPINNED_TOOLS_H_
