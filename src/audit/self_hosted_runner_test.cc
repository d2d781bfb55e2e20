#include "audit/self_hosted_runner.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

const char* kWorkflow = R"(on: push
jobs:
  a:
    runs-on: [self-hosted, linux, x64]
  b:
    runs-on: ubuntu-latest
  c:
    runs-on: ${{ matrix.runner }}
    strategy:
      matrix:
        runner: [ubuntu-latest, [self-hosted, gpu]]
  d:
    runs-on: ${{ inputs.runner }}
  e:
    runs-on:
      group: ci-runners
  f:
    runs-on: [windows-2022, macos-14-large]
  g:
    runs-on: build-box
  h:
    uses: org/repo/.github/workflows/x.yml@v1
)";

TEST(SelfHostedRunnerTest, OffOutsideAuditorPersona) {
  EXPECT_TRUE(testing::LintWorkflow(kWorkflow, "self-hosted-runner").empty());
  EXPECT_TRUE(testing::LintWorkflow(kWorkflow, "self-hosted-runner", "pedantic")
                  .empty());
}

TEST(SelfHostedRunnerTest, AuditorSeesEveryForm) {
  auto f = testing::LintWorkflow(kWorkflow, "self-hosted-runner", "auditor");
  ASSERT_EQ(f.size(), 5u);
  // label list
  EXPECT_EQ(f[0].location->span.begin.line, 4);
  EXPECT_EQ(f[0].location->span.begin.column, 15);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  // matrix expands to self-hosted
  EXPECT_EQ(f[1].location->span.begin.line, 8);
  EXPECT_EQ(f[1].confidence, Confidence::kHigh);
  // unresolvable expression
  EXPECT_EQ(f[2].location->span.begin.line, 13);
  EXPECT_EQ(f[2].confidence, Confidence::kLow);
  // group
  EXPECT_EQ(f[3].location->span.begin.line, 16);
  EXPECT_EQ(f[3].confidence, Confidence::kLow);
  // custom label
  EXPECT_EQ(f[4].location->span.begin.line, 20);
  EXPECT_EQ(f[4].confidence, Confidence::kLow);
}

TEST(SelfHostedRunnerTest, HostedMatrixIsResolved) {
  const char* wf = R"(on: push
jobs:
  a:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, windows-2022]
        include:
          - os: macos-14
  b:
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: ${{ fromJSON(inputs.oses) }}
)";
  auto f = testing::LintWorkflow(wf, "self-hosted-runner", "auditor");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 11);
  EXPECT_EQ(f[0].confidence, Confidence::kLow);
}

TEST(SelfHostedRunnerTest, HostedLabels) {
  EXPECT_TRUE(IsGithubHostedLabel("ubuntu-24.04"));
  EXPECT_TRUE(IsGithubHostedLabel("macos-latest-xlarge"));
  EXPECT_TRUE(IsGithubHostedLabel("Windows-Latest"));
  EXPECT_FALSE(IsGithubHostedLabel("self-hosted"));
  EXPECT_FALSE(IsGithubHostedLabel("arc-runner-set"));
}

}  // namespace
}  // namespace sg::audit
