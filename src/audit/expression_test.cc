#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

TEST(ExpressionTest, ErrorsAtExactPositions) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    if: secrets.TOKEN != ''
    runs-on: ubuntu-latest
    steps:
      - run: echo ${{ github.sha ) }}
      - run: echo ${{ toJSON(github, 1) }} ${{ foo.bar }}
      - if: ${{ success( }}
        run: echo
)",
                        "expression");
  ASSERT_EQ(f.size(), 5u);
  // `secrets` is not available in a job-level if.
  EXPECT_EQ(f[0].location->span.begin.line, 5);
  EXPECT_EQ(f[0].location->span.begin.column, 9);
  EXPECT_EQ(f[1].location->span.begin.line, 8);
  EXPECT_EQ(f[2].location->span.begin.line, 9);
  EXPECT_NE(f[2].message.find("arity"), std::string::npos);
  EXPECT_EQ(f[3].location->span.begin.line, 9);
  EXPECT_EQ(f[3].location->span.begin.column, 48);
  EXPECT_EQ(f[4].location->span.begin.line, 10);
}

TEST(ExpressionTest, ValidExpressionsAreQuiet) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
env:
  A: ${{ github.ref_name }}
jobs:
  a:
    if: github.event_name == 'push' && !cancelled()
    runs-on: ${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest]
    steps:
      - if: always() && hashFiles('**/go.sum') != ''
        run: echo "${{ format('{0}-{1}', runner.os, hashFiles('x')) }} ${{ secrets.X }}"
)",
                        "expression");
  EXPECT_TRUE(f.empty()) << f[0].message;
}

}  // namespace
}  // namespace sg::audit
