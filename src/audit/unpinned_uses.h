// unpinned-uses: actions, reusable workflows and `docker://` step images
// referenced by a mutable name (tag, branch, nothing) rather than an
// immutable commit SHA or image digest. Configurable per owner pattern:
//   workflows.rules.unpinned-uses.config.policies: {"actions/*": ref-pin, "*":
//   hash-pin}
// where hash-pin needs a full SHA, ref-pin any ref, and any accepts no ref.
#ifndef STEPGUARD_AUDIT_UNPINNED_USES_H_
#define STEPGUARD_AUDIT_UNPINNED_USES_H_

#include <string>

#include "audit/audit.h"

namespace sg::audit {

class UnpinnedUses : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckUsesRef(const model::Str& uses, const std::string& route,
                    AuditContext& ctx) override;
};

// The pin policy that applies to `owner/repo`: "hash-pin", "ref-pin" or
// "any". The most specific pattern wins (exact, then owner/*, then *).
std::string PinPolicyFor(const yaml::Node* config, const std::string& owner,
                         const std::string& repo);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNPINNED_USES_H_
