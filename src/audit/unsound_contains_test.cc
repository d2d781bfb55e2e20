#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

std::string Workflow(const std::string& job_if,
                     const std::string& step_if = "") {
  std::string w =
      "on: push\npermissions: {}\njobs:\n  deploy:\n    runs-on: "
      "ubuntu-latest\n";
  if (!job_if.empty()) w += "    if: " + job_if + "\n";
  w += "    steps:\n      - run: echo ok\n";
  if (!step_if.empty()) w += "        if: " + step_if + "\n";
  return w;
}

TEST(UnsoundContainsTest, StringHaystackWithRefIsHighAndPointsAtTheCall) {
  auto f = LintWorkflow(Workflow("github.event_name == 'push' && "
                                 "contains('refs/heads/main refs/heads/dev', "
                                 "github.ref)"),
                        "unsound-contains");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 6);
  EXPECT_EQ(f[0].location->span.begin.column, 40);
  EXPECT_EQ(
      f[0].location->span.length,
      std::string("contains('refs/heads/main refs/heads/dev', github.ref)")
          .size());
}

TEST(UnsoundContainsTest, NestedNegatedEnvAndInputs) {
  auto f = LintWorkflow(
      Workflow("", "${{ !contains('main|develop', github.base_ref) }}"),
      "unsound-contains");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.column, 18);
  f = LintWorkflow(
      Workflow("contains(fromJSON('[true]'), contains('a b', env.SOMETHING))"),
      "unsound-contains");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  f = LintWorkflow(Workflow("contains('prod staging', inputs.environment)"),
                   "unsound-contains");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
}

TEST(UnsoundContainsTest, FixedContextsAreInformational) {
  auto f =
      LintWorkflow(Workflow("contains('push pull_request', github.event_name)"),
                   "unsound-contains");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
}

TEST(UnsoundContainsTest, ListsAndOtherOrdersAreSound) {
  EXPECT_TRUE(
      LintWorkflow(
          Workflow("contains(fromJSON('[\"refs/heads/main\"]'), github.ref)"),
          "unsound-contains")
          .empty());
  EXPECT_TRUE(
      LintWorkflow(
          Workflow(
              "contains(github.event.pull_request.labels.*.name, 'deploy')"),
          "unsound-contains")
          .empty());
  EXPECT_TRUE(
      LintWorkflow(
          Workflow("contains(github.event.head_commit.message, '[skip ci]')"),
          "unsound-contains")
          .empty());
  EXPECT_TRUE(LintWorkflow(Workflow("github.ref == 'refs/heads/main'"),
                           "unsound-contains")
                  .empty());
}

}  // namespace
}  // namespace sg::audit
