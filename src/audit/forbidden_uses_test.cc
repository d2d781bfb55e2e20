#include "audit/forbidden_uses.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

const char* kWorkflow = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: myorg/tools/lint@v1
      - uses: tj-actions/changed-files@v45
      - uses: ./local
      - uses: docker://alpine:3
  call:
    uses: other/repo/.github/workflows/x.yml@main
)";

std::vector<int> Lines(const std::vector<Finding>& f) {
  std::vector<int> out;
  for (const auto& x : f) out.push_back(x.location->span.begin.line);
  return out;
}

TEST(ForbiddenUsesTest, NothingWithoutPolicy) {
  EXPECT_TRUE(testing::LintWorkflow(kWorkflow, "forbidden-uses").empty());
}

TEST(ForbiddenUsesTest, AllowedActionsPolicy) {
  auto f = testing::Lint(
      {{".github/workflows/t.yml", kWorkflow}}, "forbidden-uses",
      "version: 1\nworkflows:\n  allowed-actions: [\"actions/*\", "
      "\"MyOrg/*\"]\n");
  EXPECT_EQ(Lines(f), (std::vector<int>{8, 12}));
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_NE(f[0].message.find("none of the allowed"), std::string::npos);
}

TEST(ForbiddenUsesTest, RuleConfigAllowAndDeny) {
  auto f = testing::Lint(
      {{".github/workflows/t.yml", kWorkflow}}, "forbidden-uses",
      "version: 1\nworkflows:\n  rules:\n    forbidden-uses:\n      config:\n"
      "        deny: [\"tj-actions/*\", \"actions/checkout@v4\"]\n");
  EXPECT_EQ(Lines(f), (std::vector<int>{6, 8}));
  f = testing::Lint(
      {{".github/workflows/t.yml", kWorkflow}}, "forbidden-uses",
      "version: 1\nworkflows:\n  rules:\n    forbidden-uses:\n      config:\n"
      "        allow: [\"actions/checkout\", \"myorg/tools/lint\", "
      "\"*/repo\"]\n");
  EXPECT_EQ(Lines(f), (std::vector<int>{8}));
}

TEST(ForbiddenUsesTest, Patterns) {
  EXPECT_TRUE(UsesPatternMatches("*", "a/b@v1"));
  EXPECT_TRUE(UsesPatternMatches("a/*", "A/b/c@v1"));
  EXPECT_TRUE(UsesPatternMatches("a/b", "a/b/sub@v1"));
  EXPECT_FALSE(UsesPatternMatches("a/b/other", "a/b/sub@v1"));
  EXPECT_TRUE(UsesPatternMatches("a/b@v*", "a/b@v1"));
  EXPECT_FALSE(UsesPatternMatches("a/b@v1", "a/b@main"));
  EXPECT_FALSE(UsesPatternMatches("a/bc", "a/b@v1"));
  EXPECT_FALSE(UsesPatternMatches("a/*", "./a/b"));
}

}  // namespace
}  // namespace sg::audit
