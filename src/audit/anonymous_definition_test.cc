#include "audit/anonymous_definition.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

const char* kWorkflow = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: true
  b:
    name: Build
    runs-on: ubuntu-latest
    steps:
      - run: true
  c:
    uses: org/repo/.github/workflows/x.yml@v1
)";

TEST(AnonymousDefinitionTest, PedanticOnly) {
  EXPECT_TRUE(testing::LintWorkflow(kWorkflow, "anonymous-definition").empty());
  auto f = testing::LintWorkflow(kWorkflow, "anonymous-definition", "pedantic");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].location->span.begin.line, 1);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  EXPECT_EQ(f[1].location->span.begin.line, 3);
  EXPECT_EQ(f[1].severity, Severity::kInfo);
}

TEST(AnonymousDefinitionTest, NamedWorkflow) {
  auto f = testing::LintWorkflow(std::string("name: CI\n") + kWorkflow,
                                 "anonymous-definition", "pedantic");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 4);
}

}  // namespace
}  // namespace sg::audit
