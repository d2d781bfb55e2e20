#include "audit/dependabot_execution.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

TEST(DependabotExecutionTest, AllowOnly) {
  auto f = testing::Lint({{".github/dependabot.yml", R"(version: 2
updates:
  - package-ecosystem: pip
    directory: /
    schedule: {interval: daily}
    insecure-external-code-execution: allow
    cooldown: {default-days: 7}
  - package-ecosystem: bundler
    directory: /
    schedule: {interval: daily}
    insecure-external-code-execution: deny
    cooldown: {default-days: 7}
  - package-ecosystem: npm
    directory: /
    schedule: {interval: daily}
    cooldown: {default-days: 7}
)"}},
                         "dependabot-execution");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 6);
  EXPECT_EQ(f[0].location->span.begin.column, 39);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  ASSERT_EQ(f[0].related.size(), 1u);
  EXPECT_EQ(f[0].related[0].span.begin.line, 3);
}

}  // namespace
}  // namespace sg::audit
