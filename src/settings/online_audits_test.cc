#include "settings/online_audits.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/fake_github/fake_github.h"

namespace sg::settings {
namespace {

constexpr char kToken[] = "ghp_ONLINEonlineONLINEonlineONLINE0123456";
const std::string kA(40, 'a'), kB(40, 'b'), kC(40, 'c'), k9(40, '9');

std::string Ref(const std::string& ref, const std::string& sha) {
  return R"({"ref":")" + ref + R"(","object":{"sha":")" + sha +
         R"(","type":"commit"}})";
}
std::string Named(const std::string& name, const std::string& sha) {
  return R"({"name":")" + name + R"(","commit":{"sha":")" + sha + R"("}})";
}

TEST(VersionTest, RangesAsGithubWritesThem) {
  EXPECT_TRUE(VersionInRange("v45.0.7", "<= 45.0.7"));
  EXPECT_FALSE(VersionInRange("46.0.1", "< 46.0.1"));
  EXPECT_TRUE(VersionInRange("1.2", ">= 1.0.0, < 1.4.2"));
  EXPECT_FALSE(VersionInRange("2.0.0", ">= 1.0.0, < 1.4.2"));
  EXPECT_TRUE(VersionInRange("3.1.0", "= 3.1.0"));
  EXPECT_FALSE(VersionInRange("3.1.0", ""));
  EXPECT_LT(CompareVersions("v1.9.0", "v1.10.0"), 0);
}

class OnlineAuditsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(gh_.Start());
    gh_.AddToken(kToken, {});
    dir_ = ::testing::TempDir() + "/online-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  fake::FakeGitHub gh_;
  std::string dir_;
};

TEST_F(OnlineAuditsTest, EachAuditAgainstTheFake) {
  // ref-confusion: v1 is a tag and a branch.
  gh_.RouteJson("/repos/a/confused/git/ref/tags/v1", Ref("refs/tags/v1", kA));
  gh_.RouteJson("/repos/a/confused/git/ref/heads/v1", Ref("refs/heads/v1", kC));
  // impostor-commit + stale-action-refs: k9 is on no branch or tag.
  gh_.RoutePaginated("/repos/a/impostor/branches", {Named("main", kA)}, 100);
  gh_.RoutePaginated("/repos/a/impostor/tags", {Named("v1", kB)}, 100);
  gh_.RouteJson("/repos/a/impostor/compare/main..." + k9 + "?per_page=1",
                R"({"status":"diverged"})");
  gh_.RouteJson("/repos/a/impostor/compare/v1..." + k9 + "?per_page=1",
                R"({"status":"diverged"})");
  // ref-version-mismatch + known-vulnerable (version from the comment).
  gh_.RoutePaginated("/repos/a/pinned/branches", {Named("main", kA)}, 100);
  gh_.RoutePaginated("/repos/a/pinned/tags",
                     {Named("v1.2.0", kB), Named("v1.1.0", kA)}, 100);
  gh_.RouteJson("/repos/a/pinned/git/ref/tags/v1.2.0",
                Ref("refs/tags/v1.2.0", kB));
  // known-vulnerable-actions by tag.
  gh_.RouteJson("/repos/tj/changed/git/ref/tags/v45.0.7",
                Ref("refs/tags/v45.0.7", kC));
  gh_.RouteJson(
      "/advisories?ecosystem=actions&affects=a/confused,a/impostor,a/pinned,"
      "tj/changed&per_page=100",
      R"([{"ghsa_id":"GHSA-1111","severity":"high","summary":"leaks secrets",)"
      R"("vulnerabilities":[{"package":{"ecosystem":"actions","name":"tj/changed"},)"
      R"("vulnerable_version_range":"<= 45.0.7","first_patched_version":"46.0.1"}]},)"
      R"({"ghsa_id":"GHSA-2222","severity":"moderate","summary":"old pinned",)"
      R"("vulnerabilities":[{"package":{"ecosystem":"actions","name":"a/pinned"},)"
      R"("vulnerable_version_range":"< 1.3.0","first_patched_version":"1.3.0"}]}])");

  Diagnostics diags;
  model::Repository repo;
  ASSERT_NE(repo.AddFile(".github/workflows/ci.yml",
                         "on: push\n"
                         "jobs:\n"
                         "  build:\n"
                         "    runs-on: ubuntu-latest\n"
                         "    steps:\n"
                         "      - uses: a/confused@v1\n"
                         "      - uses: a/impostor@" +
                             k9 +
                             "\n"
                             "      - uses: a/pinned@" +
                             kA +
                             " # v1.2.0\n"
                             "      - uses: tj/changed@v45.0.7\n"
                             "      - uses: ./local\n",
                         &diags),
            nullptr);

  github::ClientOptions o;
  o.base_url = gh_.base_url();
  o.cache_dir = dir_ + "/http";
  github::Client client(o, github::Token(kToken));
  github::ActionLookups lookups(client, dir_);
  FindingSet out;
  RunOnlineAudits(repo, policy::DefaultPolicy(), lookups, &out);
  EXPECT_TRUE(out.not_assessed().empty())
      << out.not_assessed()[0].check << ": " << out.not_assessed()[0].reason;

  std::multimap<std::string, const Finding*> by_rule;
  for (const auto& f : out.findings()) by_rule.emplace(f.rule, &f);
  ASSERT_EQ(by_rule.count("ref-confusion"), 1u);
  EXPECT_EQ(by_rule.find("ref-confusion")->second->location->span.begin.line,
            6);
  ASSERT_EQ(by_rule.count("impostor-commit"), 1u);
  EXPECT_EQ(by_rule.find("impostor-commit")->second->location->span.begin.line,
            7);
  ASSERT_EQ(by_rule.count("stale-action-refs"), 1u);
  ASSERT_EQ(by_rule.count("ref-version-mismatch"), 1u);
  EXPECT_EQ(
      by_rule.find("ref-version-mismatch")->second->location->span.begin.line,
      8);
  ASSERT_EQ(by_rule.count("known-vulnerable-actions"), 2u);
  for (auto [it, end] = by_rule.equal_range("known-vulnerable-actions");
       it != end; ++it) {
    const Finding& f = *it->second;
    if (f.location->span.begin.line == 9) {
      EXPECT_EQ(f.severity, Severity::kHigh);
      EXPECT_NE(f.message.find("GHSA-1111"), std::string::npos);
    } else {
      EXPECT_EQ(f.location->span.begin.line, 8);
      EXPECT_EQ(f.severity, Severity::kMedium);
    }
  }

  // A later run answers everything from the cache: no request at all.
  gh_.ClearLog();
  github::ActionLookups warm(client, dir_);
  FindingSet again;
  RunOnlineAudits(repo, policy::DefaultPolicy(), warm, &again);
  EXPECT_EQ(again.findings().size(), out.findings().size());
  EXPECT_EQ(gh_.request_count(), 0u);
}

TEST_F(OnlineAuditsTest, FailedLookupsAreNotAssessed) {
  gh_.InjectFault(fake::Fault::Status(503), 1000);
  Diagnostics diags;
  model::Repository repo;
  repo.AddFile(".github/workflows/ci.yml",
               "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n"
               "      - uses: a/x@v1\n",
               &diags);
  github::ClientOptions o;
  o.base_url = gh_.base_url();
  o.max_attempts = 2;
  o.backoff_base = std::chrono::milliseconds(1);
  github::Client client(o, github::Token(kToken));
  github::ActionLookups lookups(client, "");
  FindingSet out;
  RunOnlineAudits(repo, policy::DefaultPolicy(), lookups, &out);
  EXPECT_TRUE(out.findings().empty());
  std::set<std::string> checks;
  for (const auto& n : out.not_assessed()) checks.insert(n.check);
  EXPECT_TRUE(checks.count("ref-confusion"));
  EXPECT_TRUE(checks.count("known-vulnerable-actions"));
}

}  // namespace
}  // namespace sg::settings
