#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

TEST(DangerousTriggersTest, FlagsPullRequestTargetAndWorkflowRun) {
  auto f = testing::LintWorkflow(
      "on:\n  pull_request_target:\n    types: [opened]\n  workflow_run:\n    "
      "workflows: [ci]\n"
      "permissions: {}\njobs: {}\n",
      "dangerous-triggers");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].location->span.begin.line, 2);
  EXPECT_EQ(f[0].location->span.begin.column, 3);
  EXPECT_EQ(f[1].location->span.begin.line, 4);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
}

TEST(DangerousTriggersTest, ListFormAndSafeTriggers) {
  auto f = testing::LintWorkflow(
      "on: [push, pull_request_target]\npermissions: {}\njobs: {}\n",
      "dangerous-triggers");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.column, 12);
  EXPECT_TRUE(testing::LintWorkflow(
                  "on: [push, pull_request]\npermissions: {}\njobs: {}\n",
                  "dangerous-triggers")
                  .empty());
}

TEST(DangerousTriggersTest, PolicyIgnoreByPath) {
  auto f = testing::Lint(
      {{".github/workflows/label.yml", "on: pull_request_target\njobs: {}\n"}},
      "dangerous-triggers",
      "version: 1\nworkflows:\n  ignore:\n    - {rule: dangerous-triggers, "
      "path: .github/workflows/label.yml, reason: labeler only}\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].suppression.kind, SuppressionKind::kPolicy);
  EXPECT_EQ(f[0].suppression.reason, "labeler only");
}

}  // namespace
}  // namespace sg::audit
