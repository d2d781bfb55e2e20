#include "github/action_lookups.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/fake_github/fake_github.h"

namespace sg::github {
namespace {

using fake::FakeGitHub;
using fake::Fault;
using std::chrono::seconds;

constexpr char kToken[] = "ghp_LOOKUPlookupLOOKUPlookupLOOKUP012345";
const std::string kShaA(40, 'a');
const std::string kShaB(40, 'b');
const std::string kShaC(40, 'c');
const std::string kShaT(40, 'e');

std::string RefJson(const std::string& ref, const std::string& sha,
                    const std::string& type = "commit") {
  return R"({"ref":")" + ref + R"(","object":{"sha":")" + sha +
         R"(","type":")" + type + R"("}})";
}

class LookupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(gh_.Start());
    gh_.AddToken(kToken, {});
    dir_ = ::testing::TempDir() + "/lookups-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ClientOptions Options() {
    ClientOptions o;
    o.base_url = gh_.base_url();
    o.cache_dir = dir_ + "/http";
    o.backoff_base = std::chrono::milliseconds(1);
    return o;
  }
  ClientEffects Effects() {
    ClientEffects e;
    e.sleep = [](std::chrono::milliseconds) {};
    e.jitter = [] { return 0.0; };
    return e;
  }
  std::function<std::chrono::system_clock::time_point()> Clock() {
    return [this] { return now_; };
  }

  FakeGitHub gh_;
  std::string dir_;
  std::chrono::system_clock::time_point now_{seconds(1'800'000'000)};
};

TEST(ActionRefTest, Parses) {
  auto r = ParseActionRef("actions/checkout@v4");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->Repo(), "actions/checkout");
  EXPECT_EQ(r->ref, "v4");
  auto sub = ParseActionRef("github/codeql-action/init@v3");
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(sub->path, "init");
  EXPECT_EQ(sub->ToString(), "github/codeql-action/init@v3");
  EXPECT_FALSE(ParseActionRef("./local").ok());
  EXPECT_FALSE(ParseActionRef("docker://alpine:3").ok());
  EXPECT_FALSE(ParseActionRef("actions/checkout").ok());
  EXPECT_TRUE(IsCommitSha(kShaA));
  EXPECT_FALSE(IsCommitSha("v4"));
}

TEST_F(LookupsTest, ResolvesTagsBranchesAnnotatedAndAmbiguous) {
  gh_.RouteJson("/repos/a/light/git/ref/tags/v1",
                RefJson("refs/tags/v1", kShaA));
  gh_.RouteJson("/repos/a/annotated/git/ref/tags/v2",
                RefJson("refs/tags/v2", kShaT, "tag"));
  gh_.RouteJson("/repos/a/annotated/git/tags/" + kShaT,
                R"({"sha":")" + kShaT + R"(","object":{"sha":")" + kShaB +
                    R"(","type":"commit"}})");
  gh_.RouteJson("/repos/a/branchy/git/ref/heads/main",
                RefJson("refs/heads/main", kShaC));
  gh_.RouteJson("/repos/a/both/git/ref/tags/v1",
                RefJson("refs/tags/v1", kShaA));
  gh_.RouteJson("/repos/a/both/git/ref/heads/v1",
                RefJson("refs/heads/v1", kShaC));

  Client client(Options(), Token(kToken), Effects());
  ActionLookups lookups(client, dir_, {}, Clock());
  std::vector<ActionRef> refs;
  for (const char* u : {"a/light@v1", "a/annotated@v2", "a/branchy@main",
                        "a/both@v1", "a/none@v9"}) {
    refs.push_back(*ParseActionRef(u));
  }
  refs.push_back(*ParseActionRef("a/pinned@" + kShaA));
  auto res = lookups.ResolveRefs(refs);
  ASSERT_EQ(res.size(), 6u);
  for (const auto& r : res) ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(res[0]->tag_sha, kShaA);
  EXPECT_FALSE(res[0]->branch_sha);
  EXPECT_EQ(res[1]->tag_sha, kShaB);  // peeled
  EXPECT_EQ(res[2]->branch_sha, kShaC);
  EXPECT_TRUE(res[3]->ambiguous());
  EXPECT_EQ(res[3]->commit(), kShaA);  // the tag wins
  EXPECT_FALSE(res[4]->commit());
  EXPECT_FALSE(res[5]->commit());
  // 5 names x (tag + branch) + 1 peel; the pinned SHA costs nothing.
  EXPECT_EQ(gh_.request_count(), 11u);

  // A later run: every answer from the result cache, no request at all.
  gh_.ClearLog();
  Client again(Options(), Token(kToken), Effects());
  ActionLookups warm(again, dir_, {}, Clock());
  auto cached = warm.ResolveRefs(refs);
  EXPECT_EQ(gh_.request_count(), 0u);
  EXPECT_EQ(cached[1]->tag_sha, kShaB);
  EXPECT_TRUE(cached[3]->ambiguous());

  // After the TTL: revalidated with ETags -> 304s, free of rate limit.
  now_ += seconds(7 * 3600);
  long remaining = gh_.rate_remaining();
  ActionLookups stale(again, dir_, {}, Clock());
  auto revalidated = stale.ResolveRefs(refs);
  EXPECT_EQ(revalidated[0]->tag_sha, kShaA);
  size_t not_modified = 0;
  for (const auto& r : gh_.requests()) not_modified += r.status == 304;
  EXPECT_GT(not_modified, 0u);
  EXPECT_EQ(gh_.rate_remaining(), remaining);
}

TEST_F(LookupsTest, FaultsAreRetriedOrReportedPerRef) {
  gh_.RouteJson("/repos/a/light/git/ref/tags/v1",
                RefJson("refs/tags/v1", kShaA));
  gh_.InjectFault(Fault::Status(502).OnPath("/repos/a/light/git/ref/tags/v1"),
                  1);
  gh_.InjectFault(Fault::Status(503).OnPath("/repos/a/down/git/ref/tags/v1"),
                  10);
  Client client(Options(), Token(kToken), Effects());
  ActionLookups lookups(client, dir_, {}, Clock());
  auto res = lookups.ResolveRefs(
      {*ParseActionRef("a/light@v1"), *ParseActionRef("a/down@v1")});
  ASSERT_TRUE(res[0].ok()) << res[0].status().ToString();
  EXPECT_EQ(res[0]->tag_sha, kShaA);
  ASSERT_FALSE(res[1].ok());
  EXPECT_EQ(res[1].status().code(), StatusCode::kUnavailable);
}

TEST_F(LookupsTest, AdvisoriesForManyActionsInOneQuery) {
  gh_.RouteJson(
      "/advisories?ecosystem=actions&affects=actions/checkout,tj-actions/"
      "changed-files&per_page=100",
      R"([{"ghsa_id":"GHSA-mrrh-fwg8-r2c3","cve_id":"CVE-2025-30066",)"
      R"("summary":"tj-actions changed-files through 45.0.7 allows remote )"
      R"(attackers to discover secrets by reading actions logs.",)"
      R"("severity":"high","html_url":"https://github.com/advisories/GHSA-mrrh-fwg8-r2c3",)"
      R"("vulnerabilities":[{"package":{"ecosystem":"actions",)"
      R"("name":"tj-actions/changed-files"},"vulnerable_version_range":"< 46.0.1",)"
      R"("first_patched_version":"46.0.1"}]}])");
  Client client(Options(), Token(kToken), Effects());
  ActionLookups lookups(client, dir_, {}, Clock());
  auto batch =
      lookups.LookupActions({*ParseActionRef("tj-actions/changed-files@v45"),
                             *ParseActionRef("actions/checkout@" + kShaA)});
  ASSERT_TRUE(batch.advisories.ok()) << batch.advisories.status().ToString();
  const auto& adv = *batch.advisories;
  ASSERT_EQ(adv.at("tj-actions/changed-files").size(), 1u);
  EXPECT_EQ(adv.at("tj-actions/changed-files")[0].ghsa_id,
            "GHSA-mrrh-fwg8-r2c3");
  EXPECT_EQ(adv.at("tj-actions/changed-files")[0].first_patched_version,
            "46.0.1");
  EXPECT_TRUE(adv.at("actions/checkout").empty());

  gh_.ClearLog();
  auto again =
      ActionLookups(client, dir_, {}, Clock())
          .Advisories({"tj-actions/changed-files", "actions/checkout"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->at("tj-actions/changed-files").size(), 1u);
  EXPECT_EQ(gh_.request_count(), 0u);
}

TEST_F(LookupsTest, ImpostorCommitIsNotReachable) {
  gh_.RoutePaginated("/repos/o/r/branches",
                     {R"({"name":"main","commit":{"sha":")" + kShaA + R"("}})"},
                     100);
  gh_.RoutePaginated("/repos/o/r/tags",
                     {R"({"name":"v1","commit":{"sha":")" + kShaB + R"("}})"},
                     100);
  Client client(Options(), Token(kToken), Effects());
  ActionLookups lookups(client, dir_, {}, Clock());

  // A tip: no compare needed.
  auto tip = lookups.CommitReachable("o", "r", kShaB);
  ASSERT_TRUE(tip.ok()) << tip.status().ToString();
  EXPECT_TRUE(*tip);

  // In history of main.
  std::string old_sha(40, '1');
  gh_.RouteJson("/repos/o/r/compare/main..." + old_sha + "?per_page=1",
                R"({"status":"behind","ahead_by":0,"behind_by":3})");
  gh_.RouteJson("/repos/o/r/compare/v1..." + old_sha + "?per_page=1",
                R"({"status":"diverged"})");
  auto in_history = lookups.CommitReachable("o", "r", old_sha);
  ASSERT_TRUE(in_history.ok());
  EXPECT_TRUE(*in_history);

  // A fork-network commit: diverged from every branch and tag.
  std::string impostor(40, '9');
  gh_.RouteJson("/repos/o/r/compare/main..." + impostor + "?per_page=1",
                R"({"status":"diverged"})");
  gh_.RouteJson("/repos/o/r/compare/v1..." + impostor + "?per_page=1",
                R"({"status":"diverged"})");
  auto fake_commit = lookups.CommitReachable("o", "r", impostor);
  ASSERT_TRUE(fake_commit.ok());
  EXPECT_FALSE(*fake_commit);

  gh_.ClearLog();
  auto cached = ActionLookups(client, dir_, {}, Clock())
                    .CommitReachable("o", "r", impostor);
  ASSERT_TRUE(cached.ok());
  EXPECT_FALSE(*cached);
  EXPECT_EQ(gh_.request_count(), 0u);
}

}  // namespace
}  // namespace sg::github
