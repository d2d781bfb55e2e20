// artifact-poisoning: a privileged workflow (workflow_run,
// pull_request_target) downloads artifacts that an untrusted run produced and
// extracts them over the workspace or executes them.
#ifndef STEPGUARD_AUDIT_ARTIFACT_POISONING_H_
#define STEPGUARD_AUDIT_ARTIFACT_POISONING_H_

#include "audit/audit.h"

namespace sg::audit {

class ArtifactPoisoning : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_ARTIFACT_POISONING_H_
