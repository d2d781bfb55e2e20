// github-app: risky use of GitHub App installation tokens minted with
// `actions/create-github-app-token`: token revocation switched off, `owner:`
// without `repositories:` (every repository of the installation), and no
// `permission-*` input (every permission of the installation). Same meaning
// as zizmor's audit of this id.
#ifndef STEPGUARD_AUDIT_GITHUB_APP_H_
#define STEPGUARD_AUDIT_GITHUB_APP_H_

#include "audit/audit.h"

namespace sg::audit {

class GithubApp : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_GITHUB_APP_H_
