// misfeature: GitHub Actions features that work but defeat review and
// analysis or behave inconsistently: `shell: cmd` (no grammar, several line
// continuation rules, not the Windows default since 2019), shells GitHub does
// not know well (auditor persona), and `actions/setup-python`'s
// `pip-install` input (installs into the global interpreter). Same meaning as
// zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_MISFEATURE_H_
#define STEPGUARD_AUDIT_MISFEATURE_H_

#include "audit/audit.h"

namespace sg::audit {

class Misfeature : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_MISFEATURE_H_
