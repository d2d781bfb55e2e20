#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::Lint;
using testing::LintWorkflow;

TEST(UnsoundConditionTest, BlockScalarWithTrailingNewline) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
        if: |
          ${{ github.ref == 'refs/heads/main' }}
      - run: echo ok
        if: >-
          ${{ github.ref == 'refs/heads/main' }}
)",
                        "unsound-condition");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 8);
  EXPECT_EQ(f[0].location->route, "jobs.a.steps[0].if");
  EXPECT_NE(f[0].message.find("trailing newline"), std::string::npos);
}

TEST(UnsoundConditionTest, SeveralExpressionsOrTextAround) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    if: ${{ github.event_name == 'push' }} && ${{ github.ref == 'refs/heads/main' }}
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
        if: "${{ false }} "
  call:
    if: "always ${{ false }}"
    uses: ./.github/workflows/r.yml
)",
                        "unsound-condition");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].location->route, "jobs.a.if");
  EXPECT_NE(f[0].message.find("2 separate"), std::string::npos);
  EXPECT_EQ(f[1].location->span.begin.line, 9);
  EXPECT_EQ(f[2].location->route, "jobs.call.if");
}

TEST(UnsoundConditionTest, CompositeActionSteps) {
  auto f = Lint({{"action.yml", R"(name: a
description: d
runs:
  using: composite
  steps:
    - run: echo ok
      shell: bash
      if: |
        ${{ inputs.enabled == 'true' }}
)"}},
                "unsound-condition");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->route, "runs.steps[0].if");
}

TEST(UnsoundConditionTest, SoundForms) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
        if: ${{ github.ref == 'refs/heads/main' }}
      - run: echo ok
        if: |-
          ${{ github.ref == 'refs/heads/main' }}
      - run: echo ok
        if: |
          github.ref == 'refs/heads/main'
)",
                        "unsound-condition");
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace sg::audit
