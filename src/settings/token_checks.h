// Token checks: what the credential in hand may do, judged against the
// policy's `token:` section, as `token-*` findings. Pure functions over
// facts gathered elsewhere (github::IntrospectToken, the workflow file), so
// every rule is testable without a network.
//
// Rules:
//   token-refresh-token          a ghr_ refresh token is present (high)
//   token-forbidden-scope        a classic scope the policy forbids, directly
//                                or implied by a parent scope (high)
//   token-no-expiry              a user token without expiry (medium)
//   token-long-lived             expiry further away than max-lifetime-days
//                                (medium)
//   token-write-all              the job's GITHUB_TOKEN may write every scope
//                                (high)
//   token-excessive-permissions  a GITHUB_TOKEN write the policy does not
//                                allow for the event (medium)
// What cannot be known is recorded as NotAssessed, never as a pass.
#ifndef STEPGUARD_SETTINGS_TOKEN_CHECKS_H_
#define STEPGUARD_SETTINGS_TOKEN_CHECKS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "finding/finding.h"
#include "github/api.h"
#include "github/token.h"
#include "policy/policy.h"
#include "settings/github_token_permissions.h"

namespace sg::settings {

struct TokenFacts {
  github::TokenKind kind = github::TokenKind::kNone;
  std::string env_name;  // where the token came from
  bool online = false;   // the API was asked
  std::optional<github::TokenIntrospection> api;
  std::string offline_reason;  // why the API was not asked / failed
};

// Scopes that `scope` grants, itself included ("admin:org" ->
// admin:org, write:org, read:org).
std::vector<std::string> ImpliedScopes(const std::string& scope);

// Findings about the credential itself (kind, scopes, expiry).
void CheckTokenCredential(const TokenFacts& facts,
                          const policy::TokenPolicy& policy, int64_t now_epoch,
                          FindingSet* out);

// Findings about the job's GITHUB_TOKEN; `effective` nullopt means the
// permissions could not be determined (recorded as not assessed).
void CheckGithubTokenPermissions(
    const JobTokenContext& ctx,
    const std::optional<EffectivePermissions>& effective,
    const policy::TokenPolicy& policy, FindingSet* out);

}  // namespace sg::settings

#endif  // STEPGUARD_SETTINGS_TOKEN_CHECKS_H_
