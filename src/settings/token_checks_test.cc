#include "settings/token_checks.h"

#include <gtest/gtest.h>

#include "github/api.h"

namespace sg::settings {
namespace {

using github::TokenKind;

constexpr int64_t kNow = 1'800'000'000;

policy::TokenPolicy DefaultTokenPolicy() {
  return policy::DefaultPolicy().token;
}

std::vector<std::string> Rules(const FindingSet& s) {
  std::vector<std::string> out;
  for (const auto& f : s.findings()) out.push_back(f.rule);
  return out;
}

bool HasNotAssessed(const FindingSet& s, const std::string& check) {
  for (const auto& n : s.not_assessed()) {
    if (n.check == check) return true;
  }
  return false;
}

TokenFacts Classic(std::string scopes, std::optional<std::string> expiry) {
  TokenFacts f;
  f.kind = TokenKind::kClassicPat;
  f.env_name = "GITHUB_TOKEN";
  f.online = true;
  github::TokenIntrospection api;
  api.accepted = true;
  api.oauth_scopes = github::ParseOAuthScopes(scopes);
  if (expiry) {
    api.expiration_raw = expiry;
    api.expires_at = github::ParseTokenExpiration(*expiry);
  }
  f.api = api;
  return f;
}

TEST(TokenCredentialTest, ForbiddenScopeDirectAndImplied) {
  FindingSet out;
  policy::TokenPolicy p = DefaultTokenPolicy();
  p.forbidden_scopes.push_back("write:org");
  CheckTokenCredential(
      Classic("repo, delete_repo, admin:org", "2027-02-01 00:00:00 UTC"), p,
      kNow, &out);
  std::vector<std::string> messages;
  for (const auto& f : out.findings()) {
    EXPECT_EQ(f.rule, "token-forbidden-scope");
    EXPECT_EQ(f.severity, Severity::kHigh);
    messages.push_back(f.message);
  }
  ASSERT_EQ(messages.size(), 3u);  // delete_repo, admin:org, write:org
  EXPECT_NE(messages[2].find("'admin:org', which grants 'write:org'"),
            std::string::npos)
      << messages[2];
}

TEST(TokenCredentialTest, AllowedScopesYieldNothing) {
  FindingSet out;
  CheckTokenCredential(Classic("repo, read:org", "2026-01-01 00:00:00 UTC"),
                       DefaultTokenPolicy(), kNow, &out);
  EXPECT_TRUE(out.findings().empty()) << Rules(out)[0];
  EXPECT_TRUE(out.not_assessed().empty());
}

TEST(TokenCredentialTest, NoExpiryAndLongLived) {
  FindingSet none;
  CheckTokenCredential(Classic("repo", std::nullopt), DefaultTokenPolicy(),
                       kNow, &none);
  EXPECT_EQ(Rules(none), std::vector<std::string>{"token-no-expiry"});

  FindingSet far;  // kNow is 2027-01-15; a year later is > 90 days
  CheckTokenCredential(Classic("repo", "2028-01-15 00:00:00 UTC"),
                       DefaultTokenPolicy(), kNow, &far);
  EXPECT_EQ(Rules(far), std::vector<std::string>{"token-long-lived"});

  FindingSet soon;
  CheckTokenCredential(Classic("repo", "2027-02-01 00:00:00 +0000"),
                       DefaultTokenPolicy(), kNow, &soon);
  EXPECT_TRUE(soon.findings().empty());
}

TEST(TokenCredentialTest, FineGrainedSaysWhatCannotBeIntrospected) {
  TokenFacts f = Classic("", "2027-02-01 00:00:00 UTC");
  f.kind = TokenKind::kFineGrainedPat;
  f.api->oauth_scopes.reset();
  FindingSet out;
  CheckTokenCredential(f, DefaultTokenPolicy(), kNow, &out);
  EXPECT_TRUE(out.findings().empty());
  ASSERT_TRUE(HasNotAssessed(out, "token-permissions"));
  EXPECT_NE(out.not_assessed()[0].reason.find("repository selection"),
            std::string::npos);
}

TEST(TokenCredentialTest, OfflineRejectedAndMissingAreNotAssessed) {
  TokenFacts offline;
  offline.kind = TokenKind::kClassicPat;
  offline.env_name = "GH_TOKEN";
  offline.offline_reason = "--offline";
  FindingSet a;
  CheckTokenCredential(offline, DefaultTokenPolicy(), kNow, &a);
  EXPECT_TRUE(a.findings().empty());
  EXPECT_TRUE(HasNotAssessed(a, "token-forbidden-scope"));
  EXPECT_EQ(a.not_assessed()[0].reason, "--offline");

  TokenFacts rejected = Classic("repo", std::nullopt);
  rejected.api->accepted = false;
  rejected.api->rejection = "HTTP 401: Bad credentials";
  FindingSet b;
  CheckTokenCredential(rejected, DefaultTokenPolicy(), kNow, &b);
  EXPECT_TRUE(b.findings().empty());
  EXPECT_TRUE(HasNotAssessed(b, "token-no-expiry"));

  TokenFacts missing;
  missing.env_name = "GITHUB_TOKEN";
  FindingSet c;
  CheckTokenCredential(missing, DefaultTokenPolicy(), kNow, &c);
  EXPECT_TRUE(HasNotAssessed(c, "token-forbidden-scope"));
}

TEST(TokenCredentialTest, RefreshTokenIsHigh) {
  TokenFacts f;
  f.kind = TokenKind::kRefresh;
  f.env_name = "GITHUB_TOKEN";
  FindingSet out;
  CheckTokenCredential(f, DefaultTokenPolicy(), kNow, &out);
  EXPECT_EQ(Rules(out), std::vector<std::string>{"token-refresh-token"});
}

TEST(ImpliedScopesTest, Closure) {
  auto s = ImpliedScopes("admin:org");
  EXPECT_EQ(s,
            (std::vector<std::string>{"admin:org", "write:org", "read:org"}));
  EXPECT_EQ(ImpliedScopes("workflow"), std::vector<std::string>{"workflow"});
}

JobTokenContext Job(PermissionsSpec::Kind job_kind,
                    std::map<std::string, std::string> scopes = {}) {
  JobTokenContext ctx;
  ctx.workflow_path = ".github/workflows/ci.yml";
  ctx.job = "build";
  ctx.event = "push";
  ctx.job_spec.kind = job_kind;
  ctx.job_spec.scopes = std::move(scopes);
  ctx.job_spec.pos.line = 9;
  ctx.job_spec.pos.column = 5;
  return ctx;
}

TEST(GithubTokenPermissionsTest, JobLevelWinsOverWorkflowLevel) {
  JobTokenContext ctx =
      Job(PermissionsSpec::Kind::kExplicit, {{"contents", "read"}});
  ctx.workflow.kind = PermissionsSpec::Kind::kWriteAll;
  auto eff = ComputeEffectivePermissions(ctx);
  ASSERT_TRUE(eff);
  EXPECT_EQ(eff->source, "job");
  EXPECT_EQ(eff->scopes["contents"], "read");
  EXPECT_EQ(eff->scopes["issues"], "none");
  EXPECT_FALSE(eff->write_all);

  ctx.job_spec.kind = PermissionsSpec::Kind::kUnset;
  eff = ComputeEffectivePermissions(ctx);
  EXPECT_EQ(eff->source, "workflow");
  EXPECT_TRUE(eff->write_all);
}

TEST(GithubTokenPermissionsTest, DefaultsAndForkCap) {
  JobTokenContext ctx = Job(PermissionsSpec::Kind::kUnset);
  EXPECT_FALSE(ComputeEffectivePermissions(ctx).has_value());
  ctx.default_permissions = "write";
  ctx.default_source = "repository";
  auto eff = ComputeEffectivePermissions(ctx);
  ASSERT_TRUE(eff);
  EXPECT_EQ(eff->source, "repository default (write)");
  EXPECT_TRUE(eff->write_all);
  EXPECT_EQ(eff->scopes["id-token"], "none");

  ctx.default_permissions = "read";
  eff = ComputeEffectivePermissions(ctx);
  EXPECT_EQ(eff->scopes["contents"], "read");
  EXPECT_EQ(eff->scopes["pull-requests"], "none");

  JobTokenContext fork = Job(PermissionsSpec::Kind::kWriteAll);
  fork.event = "pull_request";
  fork.fork_pull_request = true;
  eff = ComputeEffectivePermissions(fork);
  EXPECT_TRUE(eff->capped_read_only);
  EXPECT_FALSE(eff->write_all);
  EXPECT_EQ(eff->scopes["contents"], "read");
}

TEST(GithubTokenPermissionsTest, FindingsAgainstPolicy) {
  policy::TokenPolicy p = DefaultTokenPolicy();
  p.max_permissions["release"] = {{"contents", "write"}};

  JobTokenContext ctx = Job(PermissionsSpec::Kind::kExplicit,
                            {{"contents", "write"}, {"issues", "read"}});
  FindingSet out;
  CheckGithubTokenPermissions(ctx, ComputeEffectivePermissions(ctx), p, &out);
  ASSERT_EQ(Rules(out),
            std::vector<std::string>{"token-excessive-permissions"});
  const Finding& f = out.findings()[0];
  EXPECT_EQ(f.severity, Severity::kMedium);
  ASSERT_TRUE(f.location);
  EXPECT_EQ(f.location->path, ".github/workflows/ci.yml");
  EXPECT_EQ(f.location->span.begin.line, 9);

  ctx.event = "release";  // the policy allows contents: write here
  FindingSet release;
  CheckGithubTokenPermissions(ctx, ComputeEffectivePermissions(ctx), p,
                              &release);
  EXPECT_TRUE(release.findings().empty());

  JobTokenContext all = Job(PermissionsSpec::Kind::kWriteAll);
  FindingSet w;
  CheckGithubTokenPermissions(all, ComputeEffectivePermissions(all), p, &w);
  EXPECT_EQ(Rules(w), std::vector<std::string>{"token-write-all"});
  EXPECT_EQ(w.findings()[0].severity, Severity::kHigh);

  JobTokenContext unknown = Job(PermissionsSpec::Kind::kUnset);
  unknown.default_unknown_reason = "HTTP 403 (needs administration=read)";
  FindingSet u;
  CheckGithubTokenPermissions(unknown, ComputeEffectivePermissions(unknown), p,
                              &u);
  EXPECT_TRUE(u.findings().empty());
  EXPECT_TRUE(HasNotAssessed(u, "token-excessive-permissions"));
}

}  // namespace
}  // namespace sg::settings
