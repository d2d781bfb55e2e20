#include "policy/policy.h"

#include <gtest/gtest.h>

namespace sg::policy {
namespace {

TEST(PolicyTest, EmbeddedDefaultParses) {
  Diagnostics d;
  auto p = ParsePolicy("default", std::string(DefaultPolicyText()), &d);
  ASSERT_TRUE(p.ok()) << (d.items().empty() ? "" : d.items()[0].ToString());
  EXPECT_EQ(p->fail_on, Severity::kHigh);
  EXPECT_NE(p->Rule("unpinned-uses"), nullptr);
  EXPECT_EQ(p->token.max_lifetime_days, 90);
  EXPECT_EQ(p->sandbox.timeout_seconds, 3600);
  EXPECT_EQ(p->sandbox.pids, 4096);
  EXPECT_FALSE(p->sandbox.memory_bytes.has_value());  // half of RAM at run time
  EXPECT_EQ(DefaultPolicy().source, "embedded default");
}

TEST(PolicyTest, FullExampleFromDesign) {
  const std::string text = R"(version: 1
fail-on: medium
workflows:
  rules:
    concurrency-limits: {disable: true}
    template-injection: {severity: low}
  ignore:
    - {rule: dangerous-triggers, path: .github/workflows/label.yml, reason: "labeler only"}
  allowed-actions: ["actions/*"]
token:
  max-permissions: {default: {contents: read}, pull_request_target: {contents: read, pull-requests: write}}
  forbidden-scopes: [admin:org]
  max-lifetime-days: 30
runner:
  require: [github-hosted]
  forbid: [docker-socket-for-agent]
repository:
  default-workflow-permissions: read
  branch-protection: {required-approvals: 1, allow-force-pushes: false}
sandbox:
  network: {allow: ["api.openai.com:443"]}
  secrets: {OPENAI_API_KEY: {inject-into: "https://api.openai.com", as: bearer}}
  filesystem: {writable: ["$GITHUB_WORKSPACE"], hidden: ["~/.ssh"], protected: [".git/config"]}
  env: {pass: [PATH]}
  limits: {timeout: 30m, memory: 4GiB, pids: 1024, output: 64MiB}
report: {summary: true, pr-comment: on-findings, check-run: true, sarif: x.sarif}
)";
  Diagnostics d;
  auto p = ParsePolicy("p.yml", text, &d);
  ASSERT_TRUE(p.ok()) << (d.items().empty() ? "" : d.items()[0].ToString());
  EXPECT_EQ(p->fail_on, Severity::kMedium);
  EXPECT_TRUE(p->RuleDisabled("concurrency-limits"));
  EXPECT_EQ(p->Rule("template-injection")->severity, Severity::kLow);
  ASSERT_EQ(p->workflows.ignore.size(), 1u);
  EXPECT_EQ(p->workflows.ignore[0].pos.line, 8);
  EXPECT_EQ(
      p->token.max_permissions.at("pull_request_target").at("pull-requests"),
      "write");
  EXPECT_EQ(p->sandbox.memory_bytes, 4LL << 30);
  EXPECT_EQ(p->sandbox.timeout_seconds, 1800);
  EXPECT_EQ(p->sandbox.secrets.at("OPENAI_API_KEY").origin,
            "https://api.openai.com");
  EXPECT_EQ(p->repository.branch_protection.required_approvals, 1);
}

// `policy show` prints DumpPolicy: its output must load back as the same
// policy (the dump of the reloaded policy is identical), for the embedded
// default and for a policy that sets every section.
TEST(PolicyTest, DumpLoadsBackAsTheSamePolicy) {
  const std::string full = R"(version: 1
fail-on: medium
workflows:
  rules:
    concurrency-limits: {disable: true}
    unpinned-uses: {config: {policies: {"actions/*": ref-pin, "*": hash-pin}}}
  ignore:
    - {rule: "*", path: "a b/**", reason: "quoted \"reason\""}
token:
  max-permissions: {default: {contents: read}}
repository:
  default-workflow-permissions: read
  branch-protection: {required-approvals: 2, allow-force-pushes: false}
sandbox:
  network: {allow: ["api.openai.com:443"]}
  secrets: {KEY: {inject-into: "https://api.example.com", as: header, header: x-api-key}}
  require: [userns, seccomp]
  limits: {timeout: 90s, memory: 1536MiB, pids: 64, output: 1000}
)";
  for (const std::string& text : {std::string(DefaultPolicyText()), full}) {
    Diagnostics d1;
    auto p1 = ParsePolicy("p.yml", text, &d1);
    ASSERT_TRUE(p1.ok()) << (d1.items().empty() ? ""
                                                : d1.items()[0].ToString());
    const std::string dump1 = DumpPolicy(*p1);
    Diagnostics d2;
    auto p2 = ParsePolicy("p.yml", dump1, &d2);
    ASSERT_TRUE(p2.ok()) << dump1 << "\n"
                         << (d2.items().empty() ? ""
                                                : d2.items()[0].ToString());
    EXPECT_EQ(DumpPolicy(*p2), dump1);
    EXPECT_EQ(p2->sandbox.memory_bytes, p1->sandbox.memory_bytes);
    EXPECT_EQ(p2->sandbox.secrets.size(), p1->sandbox.secrets.size());
    EXPECT_EQ(p2->sandbox.require, p1->sandbox.require);
    EXPECT_EQ(p2->repository.branch_protection.required_approvals,
              p1->repository.branch_protection.required_approvals);
    ASSERT_EQ(p2->workflows.ignore.size(), p1->workflows.ignore.size());
    for (size_t i = 0; i < p1->workflows.ignore.size(); ++i)
      EXPECT_EQ(p2->workflows.ignore[i].reason, p1->workflows.ignore[i].reason);
  }
}

struct BadCase {
  const char* text;
  int line;
  int column;
  const char* contains;
};

class PolicyErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(PolicyErrorTest, ReportsLineAndColumn) {
  const BadCase& c = GetParam();
  Diagnostics d;
  std::set<std::string> known = {"template-injection", "unpinned-uses"};
  auto p = ParsePolicy("p.yml", c.text, &d, {&known});
  ASSERT_FALSE(p.ok());
  ASSERT_TRUE(d.has_errors());
  const Diagnostic* hit = nullptr;
  for (const auto& item : d.items())
    if (item.message.find(c.contains) != std::string::npos) hit = &item;
  ASSERT_NE(hit, nullptr) << d.items()[0].ToString();
  EXPECT_EQ(hit->pos.line, c.line) << hit->ToString();
  EXPECT_EQ(hit->pos.column, c.column) << hit->ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PolicyErrorTest,
    ::testing::Values(
        BadCase{"version: 1\nfail-on: critical\n", 2, 10, "fail-on must be"},
        BadCase{"version: 1\nworkflow:\n  rules: {}\n", 2, 1,
                "unknown key \"workflow\""},
        BadCase{"version: 1\nworkflows:\n  rules:\n    template-injektion: "
                "{disable: true}\n",
                4, 5, "unknown rule"},
        BadCase{"version: 1\nworkflows:\n  rules:\n    unpinned-uses: "
                "{disable: yes please}\n",
                4, 30, "must be true or false"},
        BadCase{"version: 1\nsandbox:\n  limits: {timeout: forever}\n", 3, 21,
                "duration"},
        BadCase{"version: 1\nsandbox:\n  limits: {pids: -3}\n", 3, 18,
                "integer"},
        BadCase{"version: 1\ntoken: {forbidden-scopes: admin:org}\n", 2, 27,
                "list of strings"},
        BadCase{
            "version: 1\nworkflows:\n  ignore:\n    - {rule: unpinned-uses}\n",
            4, 7, "needs a \"reason\""},
        BadCase{"fail-on: high\n", 1, 1, "version: 1"},
        BadCase{"version: 2\n", 1, 10, "version must be"},
        BadCase{"- a\n- b\n", 1, 1, "must be a mapping"},
        BadCase{
            "version: 1\nsandbox:\n  secrets: {K: {inject-into: http://x}}\n",
            3, 30, "https://"}));

TEST(PolicyTest, SizesAndDurations) {
  EXPECT_EQ(ParseSize("4GiB"), 4LL << 30);
  EXPECT_EQ(ParseSize("512M"), 512LL << 20);
  EXPECT_EQ(ParseSize("100"), 100);
  EXPECT_FALSE(ParseSize("4 parsecs").has_value());
  EXPECT_FALSE(ParseSize("99999999999999999999G").has_value());
  EXPECT_EQ(ParseDuration("30m"), 1800);
  EXPECT_EQ(ParseDuration("1h30m"), 5400);
  EXPECT_EQ(ParseDuration("45"), 45);
  EXPECT_FALSE(ParseDuration("1h30").has_value());
  EXPECT_FALSE(ParseDuration("soon").has_value());
}

}  // namespace
}  // namespace sg::policy

namespace sg::policy {
namespace {

TEST(PolicyTest, FileOverlaysTheDefault) {
  Diagnostics d;
  auto p = ParsePolicy("p.yml", "version: 1\nfail-on: medium\n", &d);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->fail_on, Severity::kMedium);
  // Sections the file leaves out keep the default's protections.
  EXPECT_FALSE(p->token.forbidden_scopes.empty());
  EXPECT_FALSE(p->sandbox.hidden.empty());
  EXPECT_NE(p->Rule("unpinned-uses"), nullptr);
  EXPECT_NE(p->Rule("unpinned-uses")->config,
            nullptr);  // default doc kept alive
  std::string dump = DumpPolicy(*p);
  EXPECT_NE(dump.find("fail-on: medium"), std::string::npos);
  EXPECT_NE(dump.find("\"delete_repo\""), std::string::npos);
}

}  // namespace
}  // namespace sg::policy

namespace sg::policy {
namespace {

TEST(PolicyTest, RunnerNamesAreCheckedWithPositions) {
  std::set<std::string> conditions = {"github-hosted",
                                      "docker-socket-for-agent"};
  std::set<std::string> rules = {"runner-self-hosted"};
  LoadOptions opts;
  opts.known_runner_conditions = &conditions;
  opts.known_runner_rules = &rules;
  Diagnostics d;
  auto p = ParsePolicy(
      "p.yml",
      "version: 1\nrunner:\n  require: [github-hosted, gitub-hosted]\n"
      "  severity: {runner-self-hostd: high}\n  violation-severity: medium\n"
      "  allowed-processes: [sccache]\n",
      &d, opts);
  ASSERT_FALSE(p.ok());
  ASSERT_EQ(d.error_count(), 2u);
  EXPECT_EQ(d.items()[0].pos.line, 3);
  EXPECT_EQ(d.items()[0].pos.column, 28);
  EXPECT_EQ(d.items()[1].pos.line, 4);
  Diagnostics ok_diags;
  auto ok = ParsePolicy(
      "p.yml",
      "version: 1\nrunner:\n  forbid: [docker-socket-for-agent]\n"
      "  violation-severity: medium\n  allowed-processes: [sccache]\n",
      &ok_diags, opts);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->runner.violation_severity, Severity::kMedium);
  EXPECT_EQ(ok->runner.allowed_processes, std::vector<std::string>{"sccache"});
}

}  // namespace
}  // namespace sg::policy
