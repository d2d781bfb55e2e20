#include "audit/secrets_inherit.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

TEST(SecretsInheritTest, FlagsInheritOnly) {
  auto f = testing::LintWorkflow(R"(on: push
jobs:
  a:
    uses: org/repo/.github/workflows/x.yml@v1
    secrets: inherit
  b:
    uses: org/repo/.github/workflows/x.yml@v1
    secrets:
      TOKEN: ${{ secrets.TOKEN }}
  c:
    uses: ./.github/workflows/local.yml
    secrets: inherit
)",
                                 "secrets-inherit");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].location->span.begin.line, 5);
  EXPECT_EQ(f[0].location->span.begin.column, 14);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  ASSERT_EQ(f[0].related.size(), 1u);
  EXPECT_EQ(f[0].related[0].span.begin.line, 4);
  EXPECT_EQ(f[1].location->span.begin.line, 12);
}

}  // namespace
}  // namespace sg::audit
