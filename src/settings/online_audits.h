// The online workflow audits: the ones that need the GitHub API.
//
//   impostor-commit           `uses: o/r@SHA` where SHA is reachable from no
//                             branch or tag of o/r (it may live only in a
//                             fork of the network) — high
//   known-vulnerable-actions  a GitHub advisory (actions ecosystem) covers
//                             the version in use — severity of the advisory
//   ref-confusion             the ref names both a tag and a branch — medium
//   ref-version-mismatch      `uses: o/r@SHA # vX.Y.Z` where tag vX.Y.Z
//                             points elsewhere — medium
//   stale-action-refs         `uses: o/r@SHA` pinned to a commit no tag
//                             points at — low
//
// They share one batch of lookups (github::ActionLookups: concurrent,
// disk-cached). A lookup that fails becomes a NotAssessed entry for the
// affected check, never a pass. Lives in settings because the audit module
// may not depend on the GitHub client (DESIGN.md layering); `lint` calls
// RunOnlineAudits when a token is available and --offline is not given.
#ifndef STEPGUARD_SETTINGS_ONLINE_AUDITS_H_
#define STEPGUARD_SETTINGS_ONLINE_AUDITS_H_

#include <string>
#include <vector>

#include "finding/finding.h"
#include "github/action_lookups.h"
#include "model/repo.h"
#include "policy/policy.h"

namespace sg::settings {

// Rule ids, in report order.
const std::vector<std::string>& OnlineAuditIds();

// One remote `uses:` in a workflow job, step or composite action.
struct UsesSite {
  std::string path;   // file
  std::string route;  // "jobs.build.steps[1].uses"
  SourceSpan span;
  github::ActionRef ref;
  std::string version_comment;  // "v4.1.0" from `@sha # v4.1.0`, if any
};

std::vector<UsesSite> CollectRemoteUses(const model::Repository& repo);

// Compares versions like "v1.2.3" / "1.2" (missing parts are 0).
int CompareVersions(std::string_view a, std::string_view b);
// GitHub advisory ranges: "< 2.0.1", ">= 1.0, < 1.4.2", "= 3.1.0".
bool VersionInRange(std::string_view version, std::string_view range);

void RunOnlineAudits(const model::Repository& repo,
                     const policy::Policy& policy,
                     github::ActionLookups& lookups, FindingSet* out);

}  // namespace sg::settings

#endif  // STEPGUARD_SETTINGS_ONLINE_AUDITS_H_
