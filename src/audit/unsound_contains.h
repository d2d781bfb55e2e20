// unsound-contains: `contains('main develop', github.ref)` used as a
// membership test. With a string haystack, contains() is a substring test,
// so any value that is a substring of the list (`main`, `ref`, `s/heads/m`)
// passes. Same meaning as zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_UNSOUND_CONTAINS_H_
#define STEPGUARD_AUDIT_UNSOUND_CONTAINS_H_

#include "audit/audit.h"

namespace sg::audit {

class UnsoundContains : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNSOUND_CONTAINS_H_
