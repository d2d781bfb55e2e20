// cache-poisoning: a job that publishes artifacts (a release workflow, or a
// job using a well-known publishing action) restores a GitHub Actions cache.
// Caches written by any workflow on the default branch are restored by
// release jobs too, so code that runs there (a compromised dependency, an
// injectable `pull_request_target` or `issue_comment` workflow) can plant
// a poisoned cache entry that ends up inside a signed release.
//
// Severity high. Confidence medium when the cache is unconditionally enabled
// in the same job as a publishing action; low otherwise (auditor persona),
// as zizmor, which reports all of these at low confidence.
#ifndef STEPGUARD_AUDIT_CACHE_POISONING_H_
#define STEPGUARD_AUDIT_CACHE_POISONING_H_

#include "audit/audit.h"

namespace sg::audit {

class CachePoisoning : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
};

// How a step uses the Actions cache.
enum class CacheUse { kNone, kConditional, kEnabled };
CacheUse StepCacheUse(const model::Step& step);

// True for steps of well-known actions that publish what the job built.
bool IsPublisherStep(const model::Step& step);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_CACHE_POISONING_H_
