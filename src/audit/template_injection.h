// template-injection: attacker-controllable context values expanded by
// `${{ }}` directly into code (`run:` scripts, `actions/github-script`'s
// `script:`), where they become shell or JavaScript. Values routed through
// `env:` and referenced as variables are not flagged.
#ifndef STEPGUARD_AUDIT_TEMPLATE_INJECTION_H_
#define STEPGUARD_AUDIT_TEMPLATE_INJECTION_H_

#include "audit/audit.h"

namespace sg::audit {

class TemplateInjection : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_TEMPLATE_INJECTION_H_
