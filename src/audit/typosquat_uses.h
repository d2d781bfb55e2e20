// typosquat-uses: `uses:` of a repository whose name is one typo away from
// a popular action (`actoins/checkout`, `action/cache`, `docker/push-build-
// action`) and whose owner is not the popular action's owner. Offline there
// is no way to tell whether the look-alike exists, so findings are low
// confidence (auditor persona), as zizmor reports them without a token.
// The table of popular actions is in typosquat_uses.cc.
#ifndef STEPGUARD_AUDIT_TYPOSQUAT_USES_H_
#define STEPGUARD_AUDIT_TYPOSQUAT_USES_H_

#include <optional>
#include <string>
#include <string_view>

#include "audit/audit.h"

namespace sg::audit {

// The popular `owner/repo` that lower-case `slug` imitates, if any.
std::optional<std::string> TyposquatOf(std::string_view slug);

class TyposquatUses : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckUsesRef(const model::Str& uses, const std::string& route,
                    AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_TYPOSQUAT_USES_H_
