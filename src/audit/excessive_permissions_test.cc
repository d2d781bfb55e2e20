#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

TEST(ExcessivePermissionsTest, WriteAllAtWorkflowAndJobLevel) {
  auto f = testing::LintWorkflow(
      "on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: x\n    "
      "permissions: write-all\n"
      "    steps: []\n",
      "excessive-permissions");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].location->span.begin.line, 2);
  EXPECT_EQ(f[0].location->span.begin.column, 14);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[1].location->span.begin.line, 6);
}

TEST(ExcessivePermissionsTest, ImplicitDefaultIsFlaggedPerJob) {
  auto f = testing::LintWorkflow(
      "on: push\njobs:\n  a:\n    runs-on: x\n    steps: []\n  b:\n    "
      "runs-on: x\n"
      "    permissions: {contents: read}\n    steps: []\n",
      "excessive-permissions");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 3);
  EXPECT_EQ(f[0].location->span.begin.column, 3);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
}

TEST(ExcessivePermissionsTest, ImplicitDefaultOnPrivilegedTriggerIsHigh) {
  auto f = testing::LintWorkflow(
      "on: issue_comment\njobs:\n  a:\n    runs-on: x\n    steps: []\n",
      "excessive-permissions");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
}

TEST(ExcessivePermissionsTest, WorkflowLevelWriteWithSeveralJobs) {
  auto f = testing::LintWorkflow(
      "on: push\npermissions:\n  contents: write\n  statuses: read\njobs:\n  "
      "a: {runs-on: x, steps: []}\n"
      "  b: {runs-on: x, steps: []}\n",
      "excessive-permissions");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 3);
  EXPECT_EQ(f[0].location->span.begin.column, 13);
}

TEST(ExcessivePermissionsTest, ScopedPermissionsAreFine) {
  EXPECT_TRUE(testing::LintWorkflow(
                  "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n"
                  "    permissions: {contents: write}\n    steps: []\n",
                  "excessive-permissions")
                  .empty());
}

}  // namespace
}  // namespace sg::audit
