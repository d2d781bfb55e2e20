#include "audit/github_env.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

size_t Writes(std::string_view script, std::string_view shell = "bash") {
  return FindEnvFileWrites(script, shell).size();
}

TEST(GithubEnvTest, BashPatterns) {
  EXPECT_EQ(Writes("echo $foo >> $GITHUB_ENV"), 1u);
  EXPECT_EQ(Writes("echo \"FOO=${BAR}\" >> \"${GITHUB_ENV}\""), 1u);
  EXPECT_EQ(Writes("echo FOO=$(cat x) >>$GITHUB_PATH"), 1u);
  EXPECT_EQ(Writes("cat pr.txt | tee -a $GITHUB_ENV"), 1u);
  EXPECT_EQ(Writes("{\n  echo a=$x\n} >> \"$GITHUB_ENV\""), 1u);
  EXPECT_EQ(Writes("echo \\\n  \"A=$x\" >> $GITHUB_ENV"), 1u);
  EXPECT_EQ(Writes("cd x && echo A=`date` >> $GITHUB_ENV"), 1u);
  // Literal text is fine.
  EXPECT_EQ(Writes("echo FOO=bar >> $GITHUB_ENV"), 0u);
  EXPECT_EQ(Writes("echo \"FOO=bar\" >> \"$GITHUB_ENV\""), 0u);
  EXPECT_EQ(Writes("echo '/opt/bin' >> $GITHUB_PATH"), 0u);
  EXPECT_EQ(Writes("make && echo 'DONE=1' >> $GITHUB_ENV"), 0u);
  // Other files and comments.
  EXPECT_EQ(Writes("echo $x >> $GITHUB_OUTPUT"), 0u);
  EXPECT_EQ(Writes("# echo $x >> $GITHUB_ENV"), 0u);
  EXPECT_EQ(Writes("echo $GITHUB_ENV"), 0u);
}

TEST(GithubEnvTest, PwshAndCmdPatterns) {
  EXPECT_EQ(
      Writes("\"V=$v\" | Out-File -FilePath $env:GITHUB_ENV -Append", "pwsh"),
      1u);
  EXPECT_EQ(Writes("echo \"V=$($x)\" >> $Env:GITHUB_ENV", "pwsh"), 1u);
  EXPECT_EQ(
      Writes("'V=1' | Out-File -FilePath $env:GITHUB_ENV -Append", "pwsh"), 0u);
  EXPECT_EQ(Writes("echo V=%X%>> %GITHUB_ENV%", "cmd"), 1u);
  EXPECT_EQ(Writes("echo V=1>> %GITHUB_ENV%", "cmd"), 0u);
}

TEST(GithubEnvTest, ShellFamily) {
  EXPECT_EQ(ShellFamily("bash"), "bash");
  EXPECT_EQ(ShellFamily("/bin/bash -e {0}"), "bash");
  EXPECT_EQ(ShellFamily("pwsh"), "pwsh");
  EXPECT_EQ(ShellFamily("C:\\Windows\\cmd.exe /D /E:ON {0}"), "cmd");
  EXPECT_EQ(ShellFamily("python"), "python");
}

const char* kPrTarget = R"yml(on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "V=$(date)" >> $GITHUB_ENV
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: |
          make
          echo "VERSION=$(cat VERSION)" >> "$GITHUB_ENV"
      - run: echo "V=$(cat VERSION)" >> $GITHUB_ENV
        shell: python
)yml";

TEST(GithubEnvTest, PrivilegedWorkflowConfidence) {
  auto f = testing::LintWorkflow(kPrTarget, "github-env");
  // Only the write after the PR checkout is visible by default.
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 12);
  EXPECT_EQ(f[0].location->span.begin.column, 11);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kMedium);
  auto all = testing::LintWorkflow(kPrTarget, "github-env", "auditor");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].location->span.begin.line, 6);
  EXPECT_EQ(all[0].confidence, Confidence::kLow);
}

TEST(GithubEnvTest, UnprivilegedTriggersAreIgnored) {
  std::string wf = kPrTarget;
  wf.replace(0, std::string("on: pull_request_target").size(),
             "on: pull_request");
  EXPECT_TRUE(testing::LintWorkflow(wf, "github-env", "auditor").empty());
}

TEST(GithubEnvTest, AttackerContextInStep) {
  auto f = testing::LintWorkflow(R"yml(on:
  workflow_run:
    workflows: [ci]
    types: [completed]
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: echo "BRANCH=$env:B" >> $env:GITHUB_ENV
        env:
          B: ${{ github.event.workflow_run.head_branch }}
)yml",
                                 "github-env");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 9);
}

}  // namespace
}  // namespace sg::audit
