#include "github/api.h"

#include <gtest/gtest.h>

#include "tests/fake_github/fake_github.h"

namespace sg::github {
namespace {

using fake::FakeGitHub;
using fake::FakeResponse;
using fake::FakeTokenInfo;
using fake::Fault;

constexpr char kClassic[] = "ghp_CLASSICclassicCLASSICclassic01234567";
constexpr char kInstall[] = "ghs_INSTALLinstallINSTALLinstall01234567";

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(gh_.Start()); }
  Client MakeClient(const char* secret) {
    ClientOptions o;
    o.base_url = gh_.base_url();
    ClientEffects e;
    e.sleep = [](std::chrono::milliseconds) {};
    e.jitter = [] { return 0.0; };
    return Client(o, Token(secret), e);
  }
  FakeGitHub gh_;
};

TEST_F(ApiTest, IntrospectsClassicTokenScopesAndExpiry) {
  FakeTokenInfo info;
  info.oauth_scopes = "delete_repo, repo, workflow";
  info.expiration = "2026-03-01 00:00:00 UTC";
  gh_.AddToken(kClassic, info);
  gh_.RouteJson("/user", R"({"login":"octocat","id":1})");
  Client c = MakeClient(kClassic);
  auto t = IntrospectToken(c);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(t->accepted);
  EXPECT_EQ(t->login, "octocat");
  ASSERT_TRUE(t->oauth_scopes.has_value());
  EXPECT_EQ(*t->oauth_scopes,
            (std::vector<std::string>{"delete_repo", "repo", "workflow"}));
  EXPECT_EQ(t->expires_at, ParseTokenExpiration("2026-03-01 00:00:00 UTC"));
}

TEST_F(ApiTest, InstallationTokenProbesInstallationRepositories) {
  gh_.AddToken(kInstall, {});
  gh_.RouteJson("/installation/repositories?per_page=1",
                R"({"total_count":3,"repositories":[]})");
  Client c = MakeClient(kInstall);
  auto t = IntrospectToken(c);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->installation_repositories, 3);
  EXPECT_FALSE(t->oauth_scopes.has_value());
  EXPECT_EQ(gh_.requests()[0].target, "/installation/repositories?per_page=1");
}

TEST_F(ApiTest, RejectedTokenIsAnAnswerNotAnError) {
  Client c = MakeClient(kClassic);  // unknown to the fake
  auto t = IntrospectToken(c);
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->accepted);
  EXPECT_EQ(t->rejection, "HTTP 401: Bad credentials");
}

TEST_F(ApiTest, InvalidJsonIsReportedCleanly) {
  gh_.AddToken(kClassic, {});
  gh_.RouteJson("/user", R"({"login":"octocat"})");
  gh_.InjectFault(Fault::InvalidJson());
  Client c = MakeClient(kClassic);
  auto t = IntrospectToken(c);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(t.status().message().find("invalid JSON"), std::string::npos);
}

TEST(ApiParseTest, TokenExpirationFormats) {
  EXPECT_EQ(ParseTokenExpiration("1970-01-02 00:00:00 UTC"), 86400);
  EXPECT_EQ(ParseTokenExpiration("1970-01-01 01:00:00 +0100"), 0);
  EXPECT_EQ(ParseTokenExpiration("1970-01-01 00:00:00 -0800"), 8 * 3600);
  EXPECT_EQ(ParseTokenExpiration("2024-02-29 12:00:00"),
            ParseTokenExpiration("2024-02-29 12:00:00 UTC"));
  EXPECT_FALSE(ParseTokenExpiration("tomorrow").has_value());
  EXPECT_EQ(ParseOAuthScopes(" repo,  admin:org ,"),
            (std::vector<std::string>{"repo", "admin:org"}));
  EXPECT_TRUE(ParseOAuthScopes("").empty());
  EXPECT_EQ(DecodeBase64("aGVs\nbG8="), "hello");
  EXPECT_EQ(EncodePathSegment("a b/c", true), "a%20b/c");
}

TEST_F(ApiTest, DefaultWorkflowPermissionsAndMissingAdministrationRead) {
  gh_.AddToken(kInstall, {});
  gh_.RouteJson("/repos/o/r/actions/permissions/workflow",
                R"({"default_workflow_permissions":"read",)"
                R"("can_approve_pull_request_reviews":false})");
  FakeResponse forbidden;
  forbidden.status = 403;
  forbidden.body = R"({"message":"Resource not accessible by integration"})";
  forbidden.headers.emplace_back("x-accepted-github-permissions",
                                 "administration=read");
  gh_.Route("GET", "/orgs/o/actions/permissions/workflow", forbidden);
  Client c = MakeClient(kInstall);
  auto repo = GetDefaultWorkflowPermissions(c, "o", "r");
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();
  EXPECT_EQ(*repo, "read");
  auto org = GetDefaultWorkflowPermissions(c, "o", "");
  ASSERT_FALSE(org.ok());
  EXPECT_EQ(org.status().code(), StatusCode::kPermission);
  EXPECT_NE(org.status().message().find("needs administration=read"),
            std::string::npos)
      << org.status().message();
}

TEST_F(ApiTest, FileContentIsDecoded) {
  gh_.AddToken(kInstall, {});
  gh_.RouteJson(
      "/repos/o/r/contents/.github/workflows/ci.yml?ref=abc",
      R"({"type":"file","encoding":"base64","content":"b246IHB1c2gK\n"})");
  Client c = MakeClient(kInstall);
  auto text = GetFileContent(c, "o", "r", ".github/workflows/ci.yml", "abc");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "on: push\n");
  auto missing = GetFileContent(c, "o", "r", "nope.yml", "abc");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sg::github
