#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::Lint;
using testing::LintWorkflow;

const char* kWorkflow = R"(on: push
permissions: {}
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./deploy.sh
        env:
          KEY: ${{ secrets.DEPLOY_KEY }}
  call:
    uses: ./.github/workflows/r.yml
    secrets:
      token: ${{ secrets.NPM_TOKEN }}
)";

TEST(SecretsOutsideEnvTest, AuditorOnlyAndExact) {
  EXPECT_TRUE(LintWorkflow(kWorkflow, "secrets-outside-env").empty());
  EXPECT_TRUE(
      LintWorkflow(kWorkflow, "secrets-outside-env", "pedantic").empty());
  auto f = LintWorkflow(kWorkflow, "secrets-outside-env", "auditor");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 9);
  EXPECT_EQ(f[0].location->span.begin.column, 32);
  EXPECT_EQ(f[0].location->span.length,
            std::string("secrets.NPM_TOKEN").size());
  EXPECT_EQ(f[0].location->route, "jobs.publish.steps[0].env.NODE_AUTH_TOKEN");
}

TEST(SecretsOutsideEnvTest, AllowList) {
  auto f = Lint({{".github/workflows/t.yml", kWorkflow}}, "secrets-outside-env",
                "version: 1\nworkflows:\n  rules:\n    secrets-outside-env:\n  "
                "    config:\n"
                "        allow: [npm_token]\n",
                "auditor");
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace sg::audit
