#include "finding/finding.h"

#include <gtest/gtest.h>

namespace sg {
namespace {

Finding Make(int line, std::string snippet) {
  Location loc;
  loc.path = ".github/workflows/ci.yml";
  loc.route = "jobs.build.steps[0].run";
  loc.span.begin = {line, 9, 100};
  return FindingBuilder("template-injection", Area::kWorkflow)
      .Severity(Severity::kHigh)
      .Message("m")
      .At(loc)
      .Snippet(std::move(snippet))
      .Build();
}

TEST(FingerprintTest, IgnoresLineNumbersAndWhitespace) {
  EXPECT_EQ(Make(12, "echo ${{ github.event.issue.title }}").fingerprint,
            Make(40, "echo  ${{ github.event.issue.title }}\n").fingerprint);
  EXPECT_NE(Make(12, "echo ${{ github.event.issue.title }}").fingerprint,
            Make(12, "echo ${{ github.event.issue.body }}").fingerprint);
  EXPECT_EQ(Make(1, "x").fingerprint.size(), 32u);
}

TEST(FindingSetTest, ViolatesRespectsThresholdAndSuppression) {
  FindingSet set;
  set.Add(Make(1, "a"));
  EXPECT_TRUE(set.Violates(Severity::kHigh));
  EXPECT_FALSE(set.Violates(std::nullopt));
  set.findings()[0].suppression.kind = SuppressionKind::kInline;
  EXPECT_FALSE(set.Violates(Severity::kLow));
  EXPECT_EQ(set.CountUnsuppressed(), 0u);
}

TEST(FindingSetTest, SortIsDeterministic) {
  FindingSet set;
  set.Add(Make(9, "b"));
  set.Add(Make(2, "a"));
  set.Sort();
  EXPECT_EQ(set.findings()[0].location->span.begin.line, 2);
}

}  // namespace
}  // namespace sg
