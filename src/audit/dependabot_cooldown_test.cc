#include "audit/dependabot_cooldown.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

const char* kConfig = R"(version: 2
updates:
  - package-ecosystem: pip
    directory: /
    schedule: {interval: daily}
  - package-ecosystem: npm
    directory: /
    cooldown:
      semver-major-days: 30
  - package-ecosystem: cargo
    directory: /
    cooldown:
      default-days: 3
  - package-ecosystem: github-actions
    directory: /
    cooldown:
      default-days: 7
)";

TEST(DependabotCooldownTest, Forms) {
  auto f = testing::Lint({{".github/dependabot.yml", kConfig}},
                         "dependabot-cooldown");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].location->span.begin.line, 3);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[1].location->span.begin.line, 8);
  EXPECT_EQ(f[1].severity, Severity::kMedium);
  EXPECT_EQ(f[2].location->span.begin.line, 13);
  EXPECT_EQ(f[2].severity, Severity::kLow);
}

TEST(DependabotCooldownTest, ConfigurableThreshold) {
  auto f = testing::Lint(
      {{".github/dependabot.yml", kConfig}}, "dependabot-cooldown",
      "version: 1\nworkflows:\n  rules:\n    dependabot-cooldown:\n"
      "      config: {days: 2}\n");
  ASSERT_EQ(f.size(), 2u);
  f = testing::Lint(
      {{".github/dependabot.yml", kConfig}}, "dependabot-cooldown",
      "version: 1\nworkflows:\n  rules:\n    dependabot-cooldown:\n"
      "      config: {days: 14}\n");
  ASSERT_EQ(f.size(), 4u);
}

}  // namespace
}  // namespace sg::audit
