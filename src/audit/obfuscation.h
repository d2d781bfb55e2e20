// obfuscation: workflow text written to defeat pattern matching — `uses:`
// paths with `.`, `..` or empty components (`actions/checkout/./@v4`,
// `org/repo//sub@v1`), and expressions that compute a constant
// (`${{ format('{0}{1}', 'sec', 'rets') }}`, `fromJSON('"x"')`), which hide
// their value from reviewers and tools. Same meaning as zizmor's audit.
#ifndef STEPGUARD_AUDIT_OBFUSCATION_H_
#define STEPGUARD_AUDIT_OBFUSCATION_H_

#include "audit/audit.h"

namespace sg::audit {

class Obfuscation : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;
  void CheckUsesRef(const model::Str& uses, const std::string& route,
                    AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_OBFUSCATION_H_
