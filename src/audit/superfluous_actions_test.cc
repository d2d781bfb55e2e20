#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

const char* kWorkflow = R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: softprops/action-gh-release@c95fe1489396fe8a9eb87c0abf8aa5b2ef267fda
      - uses: Peter-Evans/create-pull-request@271a8d0340265f705b14b6d32b9829c1cb33d45e
      - uses: dtolnay/rust-toolchain@stable
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
)";

TEST(SuperfluousActionsTest, RegularPersona) {
  auto f = LintWorkflow(kWorkflow, "superfluous-actions");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->span.begin.column, 15);
  EXPECT_EQ(f[0].location->span.length,
            std::string("softprops/action-gh-release").size());
  EXPECT_NE(f[0].remediation.find("gh release"), std::string::npos);
  EXPECT_EQ(f[1].location->span.begin.line, 9);
}

TEST(SuperfluousActionsTest, CreatePullRequestIsPedantic) {
  auto f = LintWorkflow(kWorkflow, "superfluous-actions", "pedantic");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[1].location->span.begin.line, 8);
}

}  // namespace
}  // namespace sg::audit
