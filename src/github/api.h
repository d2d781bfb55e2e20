// Typed GitHub REST calls used by settings/token checks and by the CLI.
// JSON is parsed here (nlohmann_json stays private to this module); callers
// get plain structs. Every call maps GitHub's answers onto Status codes:
//   401/403 (not a rate limit) -> kPermission, with GitHub's message and,
//   when present, x-accepted-github-permissions in the text;
//   404 -> kNotFound; network/5xx/rate limit -> kUnavailable (from Client);
//   a 2xx body that is not the expected JSON -> kUnavailable.
#ifndef STEPGUARD_GITHUB_API_H_
#define STEPGUARD_GITHUB_API_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "github/client.h"

namespace sg::github {

// What GitHub discloses about the credential in hand.
struct TokenIntrospection {
  long http_status = 0;   // of the probe request
  bool accepted = false;  // false: 401 (revoked, expired, malformed)
  std::string rejection;  // GitHub's message when not accepted
  std::string login;      // user login (user tokens) when readable
  // x-oauth-scopes (classic PAT / OAuth tokens); nullopt when not sent.
  std::optional<std::vector<std::string>> oauth_scopes;
  // github-authentication-token-expiration, raw and parsed (epoch seconds).
  std::optional<std::string> expiration_raw;
  std::optional<int64_t> expires_at;
  // Installation tokens: repositories the installation can reach.
  std::optional<int64_t> installation_repositories;
};

// Probes the token: GET /installation/repositories?per_page=1 for
// installation tokens (ghs_), GET /user otherwise. A 401 is reported as
// accepted=false, not as an error.
Result<TokenIntrospection> IntrospectToken(Client& client);

// Splits an x-oauth-scopes value ("repo, workflow") into scope names.
std::vector<std::string> ParseOAuthScopes(std::string_view header);

// Parses "2026-01-31 00:00:00 UTC" or "2026-01-31 00:00:00 -0800".
std::optional<int64_t> ParseTokenExpiration(std::string_view value);

// default_workflow_permissions ("read" | "write") of a repository
// (GET /repos/{owner}/{repo}/actions/permissions/workflow) or, with an
// empty `repo`, of an organisation (GET /orgs/{owner}/...).
Result<std::string> GetDefaultWorkflowPermissions(Client& client,
                                                  const std::string& owner,
                                                  const std::string& repo);

// Decoded content of a file at `ref` (GET /repos/{o}/{r}/contents/{path}).
Result<std::string> GetFileContent(Client& client, const std::string& owner,
                                   const std::string& repo,
                                   const std::string& path,
                                   const std::string& ref);

// Status for a non-2xx answer (see the header comment).
Status StatusForAnswer(const Client& client, const std::string& what,
                       const ApiResponse& r);

// Standard base64 (RFC 4648) with embedded newlines ignored.
std::optional<std::string> DecodeBase64(std::string_view in);

// Percent-encodes a path segment (or a ref, keeping '/').
std::string EncodePathSegment(std::string_view s, bool keep_slash = false);

}  // namespace sg::github

#endif  // STEPGUARD_GITHUB_API_H_
