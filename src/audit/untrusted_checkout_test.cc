#include <gtest/gtest.h>

#include "audit/audit_test_util.h"
#include "audit/checkout_exec.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

TEST(CheckoutExecTest, FindsCommandsAtCommandStartOnly) {
  size_t len = 0;
  std::string why;
  EXPECT_EQ(FindExecCommand("echo make it so\nnpm ci", &len, &why), 16u);
  EXPECT_EQ(len, 6u);
  EXPECT_NE(why.find("npm ci"), std::string::npos);
  EXPECT_EQ(FindExecCommand("echo npm ci; makefile-lint", &len, &why),
            std::string::npos);
  EXPECT_EQ(FindExecCommand("cd x && ./gradlew build", &len, &why), 8u);
}

TEST(UntrustedCheckoutTest, IssueCommentCheckoutOfPullRefThroughKnownAction) {
  auto f = LintWorkflow(R"(on: issue_comment
permissions:
  contents: write
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: branch
        uses: xt0rted/pull-request-comment-branch@e8b8daa837e8ea7331c0003c9c316a64c6d8b0b1
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          ref: ${{ steps.branch.outputs.head_sha }}
      - run: cargo test
)",
                        "untrusted-checkout");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 13);
  ASSERT_EQ(f[0].related.size(), 1u);
  EXPECT_EQ(f[0].related[0].span.begin.line, 12);
}

TEST(UntrustedCheckoutTest, ActorGateLowersSeverity) {
  auto f = LintWorkflow(R"(on: pull_request_target
permissions: {}
jobs:
  a:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make
)",
                        "untrusted-checkout");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
}

TEST(UntrustedCheckoutTest, PullRequestTriggerIsNotPrivileged) {
  auto f = LintWorkflow(R"(on: pull_request
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: make
)",
                        "untrusted-checkout");
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace sg::audit
