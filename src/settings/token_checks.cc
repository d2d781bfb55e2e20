#include "settings/token_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"

namespace sg::settings {
namespace {

using github::TokenKind;

int LevelRank(const std::string& level) {
  if (level == "write") return 2;
  if (level == "read") return 1;
  return 0;
}

// Parent scope -> scopes it grants (GitHub's "Scopes for OAuth apps").
const std::map<std::string, std::vector<std::string>>& ScopeChildren() {
  static const std::map<std::string, std::vector<std::string>> kChildren = {
      {"repo",
       {"repo:status", "repo_deployment", "public_repo", "repo:invite",
        "security_events"}},
      {"admin:org", {"write:org"}},
      {"write:org", {"read:org"}},
      {"admin:public_key", {"write:public_key"}},
      {"write:public_key", {"read:public_key"}},
      {"admin:repo_hook", {"write:repo_hook"}},
      {"write:repo_hook", {"read:repo_hook"}},
      {"admin:gpg_key", {"write:gpg_key"}},
      {"write:gpg_key", {"read:gpg_key"}},
      {"admin:ssh_signing_key", {"write:ssh_signing_key"}},
      {"write:ssh_signing_key", {"read:ssh_signing_key"}},
      {"user", {"read:user", "user:email", "user:follow"}},
      {"write:packages", {"read:packages"}},
      {"write:discussion", {"read:discussion"}},
      {"project", {"read:project"}},
      {"codespace", {"codespace:secrets"}},
      {"admin:enterprise",
       {"manage_runners:enterprise", "manage_billing:enterprise",
        "read:enterprise"}},
      {"manage_billing:enterprise", {"read:enterprise"}},
  };
  return kChildren;
}

std::string_view UserTokenLabel(TokenKind k) {
  switch (k) {
    case TokenKind::kClassicPat:
      return "classic personal access token";
    case TokenKind::kFineGrainedPat:
      return "fine-grained personal access token";
    case TokenKind::kOAuthApp:
      return "OAuth app token";
    case TokenKind::kUserToServer:
      return "GitHub App user token";
    case TokenKind::kInstallation:
      return "installation token";
    default:
      return "token";
  }
}

void NotAssessedAll(FindingSet* out, const std::vector<std::string>& checks,
                    const std::string& reason) {
  for (const auto& c : checks) out->AddNotAssessed({c, reason, "token"});
}

}  // namespace

std::vector<std::string> ImpliedScopes(const std::string& scope) {
  std::vector<std::string> out = {scope};
  for (size_t i = 0; i < out.size(); ++i) {
    auto it = ScopeChildren().find(out[i]);
    if (it == ScopeChildren().end()) continue;
    for (const auto& child : it->second) {
      if (std::find(out.begin(), out.end(), child) == out.end()) {
        out.push_back(child);
      }
    }
  }
  return out;
}

void CheckTokenCredential(const TokenFacts& facts,
                          const policy::TokenPolicy& policy, int64_t now_epoch,
                          FindingSet* out) {
  const std::vector<std::string> kCredentialChecks = {
      "token-forbidden-scope", "token-no-expiry", "token-long-lived"};
  if (facts.kind == TokenKind::kNone) {
    NotAssessedAll(out, kCredentialChecks,
                   "no token found in $" + facts.env_name);
    return;
  }
  if (facts.kind == TokenKind::kRefresh) {
    out->Add(FindingBuilder("token-refresh-token", Area::kToken)
                 .Severity(Severity::kHigh)
                 .Confidence(Confidence::kHigh)
                 .Subject("token:$" + facts.env_name)
                 .Message("$" + facts.env_name +
                          " holds a GitHub App refresh token (ghr_): it mints "
                          "new user tokens for months and is not an API "
                          "credential; it must not be present in a job")
                 .Remediation("Keep refresh tokens in the app's backend; pass "
                              "the job a short-lived user or installation "
                              "token instead.")
                 .Snippet("ghr_")
                 .Build());
    return;
  }
  if (!facts.online || !facts.api) {
    NotAssessedAll(out, kCredentialChecks,
                   facts.offline_reason.empty()
                       ? "the GitHub API was not consulted"
                       : facts.offline_reason);
    return;
  }
  const github::TokenIntrospection& api = *facts.api;
  if (!api.accepted) {
    NotAssessedAll(out, kCredentialChecks,
                   "GitHub rejected the token (" + api.rejection +
                       "): revoked, expired or malformed");
    return;
  }

  // Scopes.
  bool scoped_kind = facts.kind == TokenKind::kClassicPat ||
                     facts.kind == TokenKind::kOAuthApp ||
                     facts.kind == TokenKind::kUnknown;
  if (scoped_kind && api.oauth_scopes) {
    std::set<std::string> forbidden(policy.forbidden_scopes.begin(),
                                    policy.forbidden_scopes.end());
    std::set<std::string> reported;
    for (const std::string& granted : *api.oauth_scopes) {
      for (const std::string& implied : ImpliedScopes(granted)) {
        if (!forbidden.count(implied) || reported.count(implied)) continue;
        reported.insert(implied);
        std::string how =
            implied == granted
                ? "has scope '" + implied + "'"
                : "has scope '" + granted + "', which grants '" + implied + "'";
        out->Add(FindingBuilder("token-forbidden-scope", Area::kToken)
                     .Severity(Severity::kHigh)
                     .Confidence(Confidence::kHigh)
                     .Subject("token:$" + facts.env_name)
                     .Message(std::string("the ") +
                              std::string(UserTokenLabel(facts.kind)) +
                              " in $" + facts.env_name + " " + how +
                              ", which the policy forbids")
                     .Remediation("Create a token without '" + implied +
                                  "' (or a fine-grained token limited to the "
                                  "repositories and permissions needed).")
                     .Snippet(implied)
                     .Build());
      }
    }
  } else if (scoped_kind) {
    out->AddNotAssessed({"token-forbidden-scope",
                         "GitHub did not report OAuth scopes (x-oauth-scopes) "
                         "for this token",
                         "token"});
  } else if (facts.kind == TokenKind::kFineGrainedPat) {
    out->AddNotAssessed(
        {"token-permissions",
         "fine-grained personal access token: GitHub does not disclose its "
         "repository selection or its permission levels (contents, "
         "administration, workflows, secrets, ...) through the API, so they "
         "cannot be compared with the policy",
         "token"});
  } else if (facts.kind == TokenKind::kUserToServer) {
    out->AddNotAssessed(
        {"token-permissions",
         "GitHub App user token: its permissions are the intersection of the "
         "app's and the user's, which the API does not disclose per token",
         "token"});
  } else if (facts.kind == TokenKind::kInstallation) {
    out->AddNotAssessed(
        {"token-permissions",
         "installation token: its permission set is fixed at creation and "
         "not disclosed by the API; inside a workflow the job's GITHUB_TOKEN "
         "permissions are computed from the workflow file instead",
         "token"});
  }

  // Lifetime. Installation tokens expire within an hour by design.
  if (facts.kind == TokenKind::kInstallation) return;
  if (!api.expires_at) {
    if (api.expiration_raw) {
      out->AddNotAssessed(
          {"token-long-lived",
           "unparseable expiration '" + *api.expiration_raw + "'", "token"});
      return;
    }
    out->Add(FindingBuilder("token-no-expiry", Area::kToken)
                 .Severity(Severity::kMedium)
                 .Confidence(Confidence::kHigh)
                 .Subject("token:$" + facts.env_name)
                 .Message(std::string("the ") +
                          std::string(UserTokenLabel(facts.kind)) + " in $" +
                          facts.env_name +
                          " never expires (GitHub sent no "
                          "github-authentication-token-expiration)")
                 .Remediation("Regenerate it with an expiry within " +
                              std::to_string(policy.max_lifetime_days) +
                              " days.")
                 .Snippet("no-expiry")
                 .Build());
    return;
  }
  int64_t left = *api.expires_at - now_epoch;
  int64_t max_seconds = static_cast<int64_t>(policy.max_lifetime_days) * 86400;
  if (policy.max_lifetime_days > 0 && left > max_seconds) {
    out->Add(FindingBuilder("token-long-lived", Area::kToken)
                 .Severity(Severity::kMedium)
                 .Confidence(Confidence::kHigh)
                 .Subject("token:$" + facts.env_name)
                 .Message(std::string("the ") +
                          std::string(UserTokenLabel(facts.kind)) + " in $" +
                          facts.env_name + " is valid for " +
                          std::to_string(left / 86400) + " more days (until " +
                          *api.expiration_raw + "), longer than the policy's " +
                          std::to_string(policy.max_lifetime_days) + " days")
                 .Remediation("Use a token with a shorter lifetime.")
                 .Snippet("long-lived")
                 .Build());
  }
}

void CheckGithubTokenPermissions(
    const JobTokenContext& ctx,
    const std::optional<EffectivePermissions>& effective,
    const policy::TokenPolicy& policy, FindingSet* out) {
  if (!effective) {
    std::string reason =
        "job '" + ctx.job + "' in " + ctx.workflow_path +
        " sets no permissions and the repository/organisation default is "
        "unknown";
    if (!ctx.default_unknown_reason.empty()) {
      reason += " (" + ctx.default_unknown_reason + ")";
    }
    out->AddNotAssessed(
        {"token-excessive-permissions", reason, "github-token"});
    out->AddNotAssessed({"token-write-all", reason, "github-token"});
    return;
  }
  std::map<std::string, std::string> max;
  auto it = policy.max_permissions.find(ctx.event);
  if (it == policy.max_permissions.end()) {
    it = policy.max_permissions.find("default");
  }
  if (it != policy.max_permissions.end()) max = it->second;
  auto allowed = [&](const std::string& scope) -> std::string {
    if (auto m = max.find(scope); m != max.end()) return m->second;
    if (auto m = max.find("*"); m != max.end()) return m->second;
    return "read";  // writes need the policy's explicit permission
  };

  Location loc;
  loc.path = ctx.workflow_path;
  loc.span.begin = effective->pos.known() ? effective->pos : ctx.job_pos;
  loc.route = "jobs." + ctx.job + ".permissions";
  std::string where = "GITHUB_TOKEN of job '" + ctx.job + "' (" + ctx.event +
                      ", permissions from " + effective->source + ")";

  if (effective->write_all && allowed("*") != "write") {
    out->Add(FindingBuilder("token-write-all", Area::kToken)
                 .Severity(Severity::kHigh)
                 .Confidence(Confidence::kHigh)
                 .At(loc)
                 .Subject("github-token")
                 .Message(where + " may write to every scope")
                 .Remediation("Declare `permissions:` with only the scopes "
                              "the job needs (e.g. contents: read).")
                 .Snippet("write-all")
                 .Build());
    return;
  }
  for (const auto& [scope, level] : effective->scopes) {
    std::string limit = allowed(scope);
    if (LevelRank(level) <= LevelRank(limit)) continue;
    out->Add(
        FindingBuilder("token-excessive-permissions", Area::kToken)
            .Severity(level == "write" ? Severity::kMedium : Severity::kLow)
            .Confidence(Confidence::kHigh)
            .At(loc)
            .Subject("github-token")
            .Message(where + " has " + scope + ": " + level +
                     "; the policy allows at most " + limit + " for " +
                     ctx.event)
            .Remediation("Lower `" + scope + "` to " + limit +
                         " in the job's permissions, or allow it for " +
                         ctx.event +
                         " in the policy's "
                         "token.max-permissions.")
            .Snippet(scope + ":" + level)
            .Build());
  }
}

}  // namespace sg::settings
