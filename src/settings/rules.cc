#include "settings/rules.h"

namespace sg::settings {

const std::vector<SettingsRule>& SettingsRules() {
  static const std::vector<SettingsRule> kRules = {
      {"impostor-commit", Area::kWorkflow, Severity::kHigh,
       "pinned commit is not reachable from any branch or tag of the action's "
       "repository"},
      {"known-vulnerable-actions", Area::kWorkflow, Severity::kHigh,
       "action version affected by a GitHub security advisory"},
      {"ref-confusion", Area::kWorkflow, Severity::kMedium,
       "ref names both a tag and a branch of the action's repository"},
      {"ref-version-mismatch", Area::kWorkflow, Severity::kMedium,
       "the version comment beside a SHA pin names a different commit"},
      {"stale-action-refs", Area::kWorkflow, Severity::kLow,
       "SHA pin that is not the commit of any tag"},
      {"token-refresh-token", Area::kToken, Severity::kHigh,
       "a ghr_ refresh token is in reach"},
      {"token-forbidden-scope", Area::kToken, Severity::kHigh,
       "classic token scope the policy forbids (directly or implied)"},
      {"token-no-expiry", Area::kToken, Severity::kMedium,
       "user token without an expiry"},
      {"token-long-lived", Area::kToken, Severity::kMedium,
       "token expires later than the policy's max-lifetime-days"},
      {"token-write-all", Area::kToken, Severity::kHigh,
       "the job's GITHUB_TOKEN may write every scope"},
      {"token-excessive-permissions", Area::kToken, Severity::kMedium,
       "GITHUB_TOKEN write permission the policy does not allow for the event"},
  };
  return kRules;
}

}  // namespace sg::settings
