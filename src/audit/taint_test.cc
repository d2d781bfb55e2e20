#include "audit/taint.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::Lint;
using testing::LintWorkflow;

TEST(TaintTest, EnvExpressionOfTaintedEnvIsInjection) {
  auto f = LintWorkflow(R"(on: issues
permissions: {}
env:
  TITLE: ${{ github.event.issue.title }}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$TITLE"
      - run: echo "${{ env.TITLE }}"
)",
                        "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 10);
  ASSERT_FALSE(f[0].related.empty());
  EXPECT_EQ(f[0].related[0].span.begin.line, 4);
  EXPECT_NE(f[0].message.find("github.event.issue.title"), std::string::npos);
}

TEST(TaintTest, StepOutputWrittenFromAttackerDataIsInjection) {
  auto f = LintWorkflow(R"(on: pull_request_target
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: b
        env:
          REF: ${{ github.event.pull_request.head.ref }}
        run: echo "branch=$REF" >> "$GITHUB_OUTPUT"
      - id: c
        run: echo "count=3" >> "$GITHUB_OUTPUT"
      - run: echo ${{ steps.b.outputs.branch }} ${{ steps.c.outputs.count }}
)",
                        "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 13);
  EXPECT_EQ(f[0].location->span.begin.column, 23);
}

TEST(TaintTest, JobOutputsAndKnownActions) {
  auto f = LintWorkflow(R"(on: pull_request_target
permissions: {}
jobs:
  names:
    runs-on: ubuntu-latest
    outputs:
      branch: ${{ steps.bn.outputs.current_branch }}
    steps:
      - id: bn
        uses: tj-actions/branch-names@6871f53176ad61624f978d7c1efd1c3a02e55d42
  use:
    needs: names
    runs-on: ubuntu-latest
    steps:
      - run: git push origin ${{ needs.names.outputs.branch }}
)",
                        "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 15);
  EXPECT_GE(f[0].related.size(), 2u);
}

TEST(TaintTest, EscapedFileListsAreNotTainted) {
  auto f = LintWorkflow(R"(on: pull_request_target
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: shell
        uses: dorny/paths-filter@de90cc6fb38fc0963ad72b210f1f284cd68cea36
        with:
          list-files: shell
          filters: "src: ['src/**']"
      - id: json
        uses: dorny/paths-filter@de90cc6fb38fc0963ad72b210f1f284cd68cea36
        with:
          list-files: json
          filters: "src: ['src/**']"
      - id: old
        uses: tj-actions/changed-files@v35
      - id: new
        uses: tj-actions/changed-files@v45
      - run: |
          echo ${{ steps.shell.outputs.src_files }}
          echo ${{ steps.json.outputs.src_files }}
          echo ${{ steps.old.outputs.all_changed_files }}
          echo ${{ steps.new.outputs.all_changed_files }}
)",
                        "template-injection");
  int high = 0;
  for (const auto& x : f) {
    if (x.severity != Severity::kHigh) continue;
    ++high;
    EXPECT_TRUE(x.location->span.begin.line == 23 ||
                x.location->span.begin.line == 24)
        << x.message;
  }
  EXPECT_EQ(high, 2);
}

TEST(TaintTest, CompositeActionFindingNamesTheCaller) {
  auto f = Lint({{".github/actions/greet/action.yml", R"(name: greet
description: greet
inputs:
  who:
    description: who
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "hello ${{ inputs.who }}"
)"},
                 {".github/workflows/w.yml", R"(on: issues
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/greet
        with:
          who: ${{ github.event.issue.title }}
)"}},
                "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->path, ".github/actions/greet/action.yml");
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  bool caller = false;
  for (const auto& r : f[0].related)
    caller = caller ||
             (r.path == ".github/workflows/w.yml" && r.span.begin.line == 9);
  EXPECT_TRUE(caller);
}

TEST(TaintTest, ReusableWorkflowInputFromCaller) {
  auto f = Lint({{".github/workflows/reusable.yml", R"(on:
  workflow_call:
    inputs:
      title:
        type: string
      n:
        type: number
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ inputs.title }} ${{ inputs.n }}"
)"},
                 {".github/workflows/caller.yml", R"(on: issue_comment
permissions: {}
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
    with:
      title: ${{ github.event.comment.body }}
      n: 3
)"}},
                "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].location->path, ".github/workflows/reusable.yml");
  EXPECT_EQ(f[0].related.back().path, ".github/workflows/caller.yml");
}

TEST(TaintTest, GithubEnvWriteTaintsLaterEnvExpression) {
  auto f = LintWorkflow(R"(on: issue_comment
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          BODY: ${{ github.event.comment.body }}
        run: echo "MSG=$BODY" >> $GITHUB_ENV
      - run: echo "${{ env.MSG }}"
)",
                        "template-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 10);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
}

}  // namespace
}  // namespace sg::audit
