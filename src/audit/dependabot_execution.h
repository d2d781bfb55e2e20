// dependabot-execution: a Dependabot update with
// `insecure-external-code-execution: allow` lets package-manager code from
// the dependencies (setup.py, gemspecs, build scripts) run inside Dependabot
// with access to the configured registry credentials.
#ifndef STEPGUARD_AUDIT_DEPENDABOT_EXECUTION_H_
#define STEPGUARD_AUDIT_DEPENDABOT_EXECUTION_H_

#include "audit/audit.h"

namespace sg::audit {

class DependabotExecution : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckDependabot(const model::Dependabot& d, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_DEPENDABOT_EXECUTION_H_
