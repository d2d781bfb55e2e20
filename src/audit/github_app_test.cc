#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

std::string Step(const std::string& with) {
  return "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n "
         "   steps:\n"
         "      - uses: "
         "actions/"
         "create-github-app-token@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a\n"
         "        with:\n"
         "          app-id: ${{ vars.APP_ID }}\n"
         "          private-key: ${{ secrets.APP_KEY }}\n" +
         with;
}

TEST(GithubAppTest, UnscopedToken) {
  auto f = LintWorkflow(Step(""), "github-app");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->route, "jobs.a.steps[0].uses");
}

TEST(GithubAppTest, OwnerWithoutRepositoriesAndSkippedRevoke) {
  auto f = LintWorkflow(Step("          owner: ${{ github.repository_owner }}\n"
                             "          skip-token-revoke: true\n"
                             "          permission-contents: read\n"),
                        "github-app");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].location->span.begin.line, 11);
  EXPECT_EQ(f[0].location->route, "jobs.a.steps[0].with.owner");
  EXPECT_EQ(f[1].location->span.begin.line, 12);
  EXPECT_NE(f[1].message.find("skip-token-revoke"), std::string::npos);
}

TEST(GithubAppTest, ExpressionRevokeIsAuditorOnly) {
  const std::string wf = Step(
      "          skip-token-revoke: ${{ inputs.keep }}\n"
      "          permission-issues: write\n");
  EXPECT_TRUE(LintWorkflow(wf, "github-app").empty());
  auto f = LintWorkflow(wf, "github-app", "auditor");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kLow);
}

TEST(GithubAppTest, ScopedTokenIsFine) {
  EXPECT_TRUE(LintWorkflow(Step("          owner: octo-org\n"
                                "          repositories: repo1,repo2\n"
                                "          skip-token-revoke: false\n"
                                "          permission-contents: write\n"),
                           "github-app", "auditor")
                  .empty());
}

}  // namespace
}  // namespace sg::audit
