#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

TEST(TemplateInjectionTest, IssueTitleInRunBlockPointsAtExactColumn) {
  auto f = LintWorkflow(R"(on: issues
permissions: {}
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "triaging"
          echo "title: ${{ github.event.issue.title }}"
)",
                        "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 9);
  EXPECT_EQ(f[0].location->span.begin.column, 28);
  EXPECT_EQ(f[0].location->span.length,
            std::string("github.event.issue.title").size());
  EXPECT_EQ(f[0].location->route, "jobs.triage.steps[0].run");
}

TEST(TemplateInjectionTest, EnvIndirectionIsSafe) {
  auto f = LintWorkflow(R"(on: issues
permissions: {}
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - env:
          TITLE: ${{ github.event.issue.title }}
        run: echo "$TITLE"
)",
                        "template-injection");
  EXPECT_TRUE(f.empty());
}

TEST(TemplateInjectionTest, GithubScriptIsASink) {
  auto f = LintWorkflow(R"(on: pull_request_target
permissions: {}
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea
        with:
          script: |
            console.log("${{ github.event.pull_request.head.ref }}")
)",
                        "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 10);
  EXPECT_EQ(f[0].location->span.begin.column, 30);
}

TEST(TemplateInjectionTest, BooleanResultsAndFixedContextsAreSafe) {
  auto f = LintWorkflow(R"(on: pull_request_target
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ contains(github.event.pull_request.title, 'x') }} ${{ github.sha }} ${{ github.event_name == 'push' }}
)",
                        "template-injection");
  EXPECT_TRUE(f.empty());
}

TEST(TemplateInjectionTest, StructuredContextsRankLower) {
  const char* wf = R"(on: pull_request_target
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ github.event.pull_request.head.sha }} ${{ github.head_ref || 'main' }}
)";
  // Structured values are hygiene: auditors see them, regular users do not.
  ASSERT_EQ(LintWorkflow(wf, "template-injection").size(), 1u);
  auto f = LintWorkflow(wf, "template-injection", "auditor");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  EXPECT_EQ(f[1].severity, Severity::kHigh);
  EXPECT_EQ(f[1].location->span.begin.column, 65);
}

TEST(TemplateInjectionTest, PayloadNotCarriedByTriggersIsLowConfidence) {
  const char* wf = R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.issue.title }}"
)";
  EXPECT_TRUE(LintWorkflow(wf, "template-injection").empty());
  auto f = LintWorkflow(wf, "template-injection", "auditor");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kLow);
}

TEST(TemplateInjectionTest, CompositeActionInputsAreFlagged) {
  auto f = testing::Lint({{".github/actions/x/action.yml", R"(name: x
inputs:
  msg: {description: m}
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "${{ inputs.msg }}"
)"}},
                         "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[0].location->route, "runs.steps[0].run");
  EXPECT_EQ(f[0].location->span.begin.line, 8);
  EXPECT_EQ(f[0].location->span.begin.column, 22);
}

TEST(TemplateInjectionTest, InlineIgnoreSuppresses) {
  auto f = LintWorkflow(R"(on: issues
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.issue.title }}"  # stepguard: ignore[template-injection] quoted in tests
      # zizmor: ignore[template-injection]
      - run: echo "${{ github.event.issue.body }}"
)",
                        "template-injection");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].suppression.kind, SuppressionKind::kInline);
  EXPECT_EQ(f[0].suppression.reason, "quoted in tests");
  EXPECT_EQ(f[1].suppression.kind, SuppressionKind::kInline);
}

}  // namespace
}  // namespace sg::audit
