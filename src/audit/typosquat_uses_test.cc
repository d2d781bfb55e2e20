#include "audit/typosquat_uses.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

TEST(TyposquatUsesTest, OneSlipFromPopular) {
  EXPECT_EQ(TyposquatOf("actoins/checkout"), "actions/checkout");  // swapped
  EXPECT_EQ(TyposquatOf("action/cache"), "actions/cache");         // omitted
  EXPECT_EQ(TyposquatOf("dockerr/login-action"),
            "docker/login-action");  // doubled
  EXPECT_EQ(TyposquatOf("acrions/checkout"),
            "actions/checkout");                              // adjacent key
  EXPECT_EQ(TyposquatOf("actions-/checkout"), std::nullopt);  // not one slip
  EXPECT_EQ(TyposquatOf("codecov/codecov-actlon"), std::nullopt);  // same owner
  EXPECT_EQ(TyposquatOf("rnikepenz/action-junit-report"),
            "mikepenz/action-junit-report");  // rn
  EXPECT_EQ(TyposquatOf("pnpn/action-setup"), "pnpm/action-setup");
  EXPECT_EQ(TyposquatOf("pypa/gh-action-pypi-publish"),
            std::nullopt);  // the real one
  EXPECT_EQ(TyposquatOf("my-org/deploy"), std::nullopt);
  EXPECT_EQ(TyposquatOf("actions/setup-nodes"),
            std::nullopt);  // popular owner's own repo
}

TEST(TyposquatUsesTest, AuditorOnlyAndPointsAtTheSlug) {
  const std::string wf = R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actoins/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
)";
  EXPECT_TRUE(LintWorkflow(wf, "typosquat-uses").empty());
  auto f = LintWorkflow(wf, "typosquat-uses", "auditor");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kLow);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->span.begin.column, 15);
  EXPECT_EQ(f[0].location->span.length, std::string("actoins/checkout").size());
}

}  // namespace
}  // namespace sg::audit
