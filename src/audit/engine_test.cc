#include "audit/engine.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"
#include "audit/registry.h"

namespace sg::audit {
namespace {

TEST(EngineTest, ParseIgnoreComment) {
  std::string reason;
  EXPECT_EQ(ParseIgnoreComment("# stepguard: ignore[a, b] because", &reason),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(reason, "because");
  EXPECT_EQ(ParseIgnoreComment("# zizmor: ignore[x]", nullptr),
            (std::vector<std::string>{"x"}));
  EXPECT_TRUE(ParseIgnoreComment("# just a comment", nullptr).empty());
}

TEST(EngineTest, IgnoreCommentOnAnEnclosingBlock) {
  const std::string wf =
      "on: issues\npermissions: {}\njobs:\n"
      "  a: # stepguard: ignore[template-injection] triage bot, reviewed\n"
      "    runs-on: x\n    steps:\n"
      "      - run: echo ${{ github.event.issue.title }}\n"
      "  b:\n    runs-on: x\n    steps:\n"
      "      - name: greet # zizmor: ignore[template-injection]\n"
      "        run: |\n"
      "          echo hi\n"
      "          echo ${{ github.event.issue.title }}\n"
      "      - name: sibling\n"
      "        run: echo ${{ github.event.issue.body }}\n";
  auto f =
      testing::Lint({{".github/workflows/t.yml", wf}}, "template-injection");
  ASSERT_EQ(f.size(), 3u);
  // The job key's comment covers its steps; the step's `- name:` line covers
  // its script; the sibling step is not covered by either.
  EXPECT_TRUE(f[0].suppressed());
  EXPECT_TRUE(f[1].suppressed());
  EXPECT_FALSE(f[2].suppressed());
  EXPECT_EQ(f[2].location->span.begin.line, 16);
}

TEST(EngineTest, DisabledRulesAndSeverityOverrides) {
  const std::string wf =
      "on: pull_request_target\npermissions: write-all\njobs: {}\n";
  auto f = testing::Lint({{".github/workflows/t.yml", wf}}, "",
                         "version: 1\nworkflows:\n  rules:\n    "
                         "dangerous-triggers: {disable: true}\n"
                         "    excessive-permissions: {severity: low}\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "excessive-permissions");
  EXPECT_EQ(f[0].severity, Severity::kLow);
}

TEST(EngineTest, FingerprintSurvivesLineMoves) {
  const std::string a =
      "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n"
      "      - run: echo ${{ github.event.issue.title }}\n";
  const std::string b = "# a comment\n\n" + a;
  auto fa =
      testing::Lint({{".github/workflows/t.yml", a}}, "template-injection");
  auto fb =
      testing::Lint({{".github/workflows/t.yml", b}}, "template-injection");
  ASSERT_EQ(fa.size(), 1u);
  ASSERT_EQ(fb.size(), 1u);
  EXPECT_NE(fa[0].location->span.begin.line, fb[0].location->span.begin.line);
  EXPECT_EQ(fa[0].fingerprint, fb[0].fingerprint);
}

TEST(EngineTest, RegistryIdsAreKebabCaseAndUnique) {
  std::set<std::string> seen;
  for (const auto& a : AllAudits()) {
    const std::string& id = a->info().id;
    EXPECT_TRUE(seen.insert(id).second) << id;
    for (char c : id)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-' || (c >= '0' && c <= '9'))
          << id;
    EXPECT_FALSE(a->info().description.empty());
  }
}

}  // namespace
}  // namespace sg::audit
