#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

std::string Run(const std::string& expression) {
  return "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n "
         "   steps:\n"
         "      - run: echo \"${{ " +
         expression + " }}\"\n";
}

std::vector<std::string> Values(const std::string& expression) {
  std::vector<std::string> out;
  for (const Finding& f : LintWorkflow(Run(expression), "unsound-ternary")) {
    // Column of `${{ ` is 20 on line 7; the value starts at column - 24.
    out.push_back(expression.substr(f.location->span.begin.column - 24,
                                    f.location->span.length));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(UnsoundTernaryTest, FalsyTrueValues) {
  EXPECT_EQ(Values("github.ref && '' || 'bar'"), V{"''"});
  EXPECT_EQ(Values("github.ref && ('') || 'bar'"), V{"''"});
  EXPECT_EQ(Values("github.ref && 0 || 'bar'"), V{"0"});
  EXPECT_EQ(Values("github.ref && false || 'bar'"), V{"false"});
  EXPECT_EQ(Values("github.ref && null || 'bar'"), V{"null"});
  EXPECT_EQ(Values("github.ref && fromJSON('false') || 'bar'"),
            V{"fromJSON('false')"});
  EXPECT_EQ(Values("github.ref && format('{0}', '') || 'bar'"),
            V{"format('{0}', '')"});
  EXPECT_EQ(Values("github.ref || github.sha && '' || 'baz'"), V{"''"});
  EXPECT_EQ(Values("github.ref || (github.sha && '' || 'baz')"), V{"''"});
  EXPECT_EQ(Values("(github.ref && '' || 'bar') || github.sha"), V{"''"});
  EXPECT_EQ(Values("github.ref && '' || github.sha && 0 || 'baz'"),
            (V{"''", "0"}));
}

TEST(UnsoundTernaryTest, SoundForms) {
  EXPECT_EQ(Values("github.ref || (true && '' || 'bar')"), V{});
  EXPECT_EQ(Values("!github.ref && 'bar' || ''"), V{});
  EXPECT_EQ(Values("github.ref && 'bar' || ''"), V{});
  EXPECT_EQ(Values("github.ref || github.sha && ''"), V{});
  EXPECT_EQ(Values("true && '' || 'bar'"), V{});
}

TEST(UnsoundTernaryTest, BareConditionsAndOtherKeys) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
env:
  MODE: ${{ github.event_name == 'push' && false || 'full' }}
jobs:
  a:
    if: github.event_name == 'push' && 0 || github.ref
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
)",
                        "unsound-ternary");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 4);
  EXPECT_EQ(f[0].location->span.begin.column, 44);
  EXPECT_EQ(f[0].location->route, "env.MODE");
  EXPECT_EQ(f[1].location->span.begin.line, 7);
  EXPECT_EQ(f[1].location->span.begin.column, 40);
  EXPECT_EQ(f[1].location->route, "jobs.a.if");
}

}  // namespace
}  // namespace sg::audit
