// forbidden-uses: actions and reusable workflows the policy does not allow.
// Two sources, combined:
//   workflows.allowed-actions: ["actions/*", "myorg/*"]        (allowlist)
//   workflows.rules.forbidden-uses.config: {allow: [...]} or {deny: [...]}
// With an allowlist, anything not matching it is forbidden; anything
// matching `deny` is forbidden. Without either the audit reports nothing.
// Patterns: `*`, `owner/*`, `owner/repo` (any path in the repository),
// `owner/repo/path` (that path), each optionally `@ref`; `*` globs within a
// component; case-insensitive. Local `./` and `docker://` references are
// not covered.
#ifndef STEPGUARD_AUDIT_FORBIDDEN_USES_H_
#define STEPGUARD_AUDIT_FORBIDDEN_USES_H_

#include <string>
#include <string_view>

#include "audit/audit.h"

namespace sg::audit {

class ForbiddenUses : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckUsesRef(const model::Str& uses, const std::string& route,
                    AuditContext& ctx) override;
};

// True when `uses` (a repository reference) matches `pattern`.
bool UsesPatternMatches(std::string_view pattern, std::string_view uses);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_FORBIDDEN_USES_H_
