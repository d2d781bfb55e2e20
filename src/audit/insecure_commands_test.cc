#include "audit/insecure_commands.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

const char* kWorkflow = R"(on: push
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      ACTIONS_ALLOW_UNSECURE_COMMANDS: "false"
    steps:
      - run: echo hi
        env:
          ACTIONS_ALLOW_UNSECURE_COMMANDS: "TRUE"
      - uses: some/old-action@v1
        env: {ACTIONS_ALLOW_UNSECURE_COMMANDS: 1}
      - run: echo hi
        env: ${{ fromJSON(inputs.env) }}
      - run: echo hi
        env:
          OTHER: true
)";

TEST(InsecureCommandsTest, TruthyValuesAtEveryLevel) {
  auto f = testing::LintWorkflow(kWorkflow, "insecure-commands");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].location->span.begin.line, 3);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[1].location->span.begin.line, 12);
  EXPECT_EQ(f[2].location->span.begin.line, 14);
}

TEST(InsecureCommandsTest, ExpressionEnvIsAuditorOnly) {
  auto f = testing::LintWorkflow(kWorkflow, "insecure-commands", "auditor");
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[3].location->span.begin.line, 16);
  EXPECT_EQ(f[3].confidence, Confidence::kLow);
}

TEST(InsecureCommandsTest, RunnerTruthy) {
  EXPECT_TRUE(RunnerTruthy(" True "));
  EXPECT_TRUE(RunnerTruthy("1"));
  EXPECT_FALSE(RunnerTruthy("false"));
  EXPECT_FALSE(RunnerTruthy("yes"));
}

}  // namespace
}  // namespace sg::audit
