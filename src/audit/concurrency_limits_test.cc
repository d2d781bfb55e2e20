#include "audit/concurrency_limits.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

std::vector<int> Lines(const std::vector<Finding>& f) {
  std::vector<int> out;
  for (const auto& x : f) out.push_back(x.location->span.begin.line);
  return out;
}

TEST(ConcurrencyLimitsTest, Forms) {
  const char* none =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
      "      - run: true\n";
  EXPECT_TRUE(testing::LintWorkflow(none, "concurrency-limits").empty());
  EXPECT_EQ(
      Lines(testing::LintWorkflow(none, "concurrency-limits", "pedantic")),
      (std::vector<int>{1}));
  const char* bare_wf =
      "on: push\nconcurrency: ci\njobs:\n  a:\n    runs-on: x\n";
  EXPECT_EQ(
      Lines(testing::LintWorkflow(bare_wf, "concurrency-limits", "pedantic")),
      (std::vector<int>{2}));
  const char* full =
      "on: push\nconcurrency: {group: ci, cancel-in-progress: false}\njobs:\n"
      "  a:\n    runs-on: x\n";
  EXPECT_TRUE(
      testing::LintWorkflow(full, "concurrency-limits", "pedantic").empty());
  const char* jobs = R"(on: push
jobs:
  a:
    runs-on: x
    concurrency: deploy
  b:
    runs-on: x
    concurrency:
      group: b
      cancel-in-progress: true
)";
  EXPECT_EQ(
      Lines(testing::LintWorkflow(jobs, "concurrency-limits", "pedantic")),
      (std::vector<int>{5}));
}

}  // namespace
}  // namespace sg::audit
