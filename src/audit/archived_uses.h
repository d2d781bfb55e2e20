// archived-uses: actions and reusable workflows from repositories their
// owners have archived. Archived repositories get no security fixes, and
// their owners no longer watch them. The table of known archived
// repositories (with replacements) is in archived_uses.cc. Same meaning as
// zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_ARCHIVED_USES_H_
#define STEPGUARD_AUDIT_ARCHIVED_USES_H_

#include <string_view>

#include "audit/audit.h"

namespace sg::audit {

// The recommended replacement for archived `owner/repo` (lower-case), or
// nullptr when it is not in the table.
const char* ArchivedReplacement(std::string_view owner_repo);

class ArchivedUses : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckUsesRef(const model::Str& uses, const std::string& route,
                    AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_ARCHIVED_USES_H_
