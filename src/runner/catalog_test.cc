#include "runner/catalog.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace sg::runner {
namespace {

TEST(CatalogTest, RuleIdsAreUniqueAndPrefixed) {
  std::set<std::string_view> seen;
  for (const auto& r : RunnerRules()) {
    EXPECT_EQ(r.id.substr(0, 7), "runner-") << r.id;
    EXPECT_TRUE(seen.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.summary.empty());
    EXPECT_FALSE(r.remediation.empty());
  }
}

TEST(CatalogTest, DefaultSeveritiesFollowTheDesign) {
  auto sev = [](std::string_view id, ProbeContext c) {
    return DefaultSeverity(*FindRunnerRule(id), c);
  };
  EXPECT_EQ(sev("runner-self-hosted", ProbeContext::kRunner),
            Severity::kMedium);
  EXPECT_EQ(sev("runner-docker-socket", ProbeContext::kRunner),
            Severity::kInfo);
  EXPECT_EQ(sev("runner-docker-socket", ProbeContext::kExec), Severity::kHigh);
  EXPECT_EQ(sev("runner-passwordless-sudo", ProbeContext::kExec),
            Severity::kHigh);
  EXPECT_EQ(sev("runner-persisted-credentials", ProbeContext::kRunner),
            Severity::kMedium);
  EXPECT_EQ(sev("runner-tampering-env", ProbeContext::kRunner),
            Severity::kHigh);
}

TEST(CatalogTest, ConditionsNameKnownRules) {
  std::set<std::string_view> seen;
  for (const auto& c : RunnerConditions()) {
    EXPECT_TRUE(seen.insert(c.name).second) << c.name;
    for (auto rule : c.rules) EXPECT_NE(FindRunnerRule(rule), nullptr) << rule;
  }
  EXPECT_NE(FindRunnerCondition("docker-socket-for-agent"), nullptr);
  EXPECT_NE(FindRunnerCondition("persisted-credentials"), nullptr);
  EXPECT_EQ(FindRunnerCondition("nope"), nullptr);
}

// docs/runner.md must document every rule id and every policy name, so the
// catalogue and the manual cannot drift apart.
TEST(CatalogTest, DocsCoverEveryRuleAndCondition) {
  std::ifstream in(std::string(STEPGUARD_SOURCE_DIR) + "/docs/runner.md");
  ASSERT_TRUE(in.good()) << "docs/runner.md missing";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  for (const auto& r : RunnerRules()) {
    EXPECT_NE(doc.find("`" + std::string(r.id) + "`"), std::string::npos)
        << r.id;
  }
  for (const auto& c : RunnerConditions()) {
    EXPECT_NE(doc.find("`" + std::string(c.name) + "`"), std::string::npos)
        << c.name;
  }
}

}  // namespace
}  // namespace sg::runner
