#include "audit/undocumented_permissions.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

TEST(UndocumentedPermissionsTest, CommentsPerScope) {
  const char* wf = R"(on: push
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      contents: write # to push the changelog
      # to comment on the pull request
      pull-requests: write
      issues: write
      packages: none
      id-token: write # zizmor: ignore[excessive-permissions]
    steps:
      - run: true
  b:
    runs-on: ubuntu-latest
    permissions: read-all
    steps:
      - run: true
)";
  EXPECT_TRUE(testing::LintWorkflow(wf, "undocumented-permissions").empty());
  auto f = testing::LintWorkflow(wf, "undocumented-permissions", "pedantic");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  ASSERT_EQ(f[0].related.size(), 2u);
  EXPECT_EQ(f[0].related[0].span.begin.line, 11);
  EXPECT_EQ(f[0].related[1].span.begin.line, 13);
  EXPECT_NE(f[0].message.find("`issues`, `id-token`"), std::string::npos);
}

}  // namespace
}  // namespace sg::audit
