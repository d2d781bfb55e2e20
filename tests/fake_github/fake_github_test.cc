// The fake must itself behave like GitHub, or tests against it prove
// nothing: these tests talk to it with a plain HTTP client.
#include "tests/fake_github/fake_github.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

namespace sg::fake {
namespace {

using json = nlohmann::json;

TEST(FakeGitHubTest, ServesRecordedFixtureWithHeaders) {
  FakeGitHub gh;
  ASSERT_TRUE(gh.Start());
  std::string error;
  ASSERT_TRUE(gh.LoadOctokitFixture(
      std::string(STEPGUARD_GITHUB_FIXTURES_DIR) + "/get-repository.json",
      &error))
      << error;
  httplib::Client c("127.0.0.1", gh.port());
  auto r = c.Get("/repos/octokit-fixture-org/hello-world");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  json body = json::parse(r->body);
  EXPECT_EQ(body["full_name"], "octokit-fixture-org/hello-world");
  // URLs inside bodies point back at the fake, not at api.github.com.
  EXPECT_EQ(body["url"].get<std::string>().rfind(gh.base_url(), 0), 0u);
  EXPECT_EQ(r->get_header_value("x-ratelimit-limit"), "5000");
  EXPECT_EQ(r->get_header_value("x-ratelimit-remaining"), "4999");
  EXPECT_FALSE(r->get_header_value("etag").empty());
}

TEST(FakeGitHubTest, ConditionalRequestIsFreeOfRateLimit) {
  FakeGitHub gh;
  ASSERT_TRUE(gh.Start());
  gh.RouteJson("/repos/o/r", R"({"id":1})");
  httplib::Client c("127.0.0.1", gh.port());
  auto first = c.Get("/repos/o/r");
  ASSERT_TRUE(first);
  long before = gh.rate_remaining();
  auto second =
      c.Get("/repos/o/r", {{"If-None-Match", first->get_header_value("etag")}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 304);
  EXPECT_EQ(gh.rate_remaining(), before);
}

TEST(FakeGitHubTest, PaginatesWithLinkHeaders) {
  FakeGitHub gh;
  ASSERT_TRUE(gh.Start());
  std::vector<std::string> items;
  for (int i = 0; i < 7; ++i) items.push_back(std::to_string(i));
  gh.RoutePaginated("/repos/o/r/tags", items, 3);
  httplib::Client c("127.0.0.1", gh.port());
  auto p1 = c.Get("/repos/o/r/tags");
  ASSERT_TRUE(p1);
  EXPECT_EQ(p1->body, "[0,1,2]");
  std::string link = p1->get_header_value("link");
  EXPECT_NE(link.find(gh.base_url() +
                      "/repos/o/r/tags?page=2&per_page=3>; rel=\"next\""),
            std::string::npos)
      << link;
  auto p3 = c.Get("/repos/o/r/tags?page=3&per_page=3");
  ASSERT_TRUE(p3);
  EXPECT_EQ(p3->body, "[6]");
  EXPECT_EQ(p3->get_header_value("link").find("rel=\"next\""),
            std::string::npos);
}

TEST(FakeGitHubTest, ScriptedFaultsAreConsumedInOrder) {
  FakeGitHub gh;
  ASSERT_TRUE(gh.Start());
  gh.RouteJson("/x", R"({"ok":true})");
  gh.InjectFault(Fault::Status(502), 2);
  gh.InjectFault(Fault::SecondaryLimit(429, 7));
  httplib::Client c("127.0.0.1", gh.port());
  EXPECT_EQ(c.Get("/x")->status, 502);
  EXPECT_EQ(c.Get("/x")->status, 502);
  auto limited = c.Get("/x");
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("retry-after"), "7");
  EXPECT_NE(limited->body.find("secondary rate limit"), std::string::npos);
  EXPECT_EQ(c.Get("/x")->status, 200);
}

TEST(FakeGitHubTest, UnknownTokenIsBadCredentials) {
  FakeGitHub gh;
  ASSERT_TRUE(gh.Start());
  gh.RouteJson("/user", R"({"login":"octocat"})");
  FakeTokenInfo info;
  info.oauth_scopes = "repo, delete_repo";
  gh.AddToken("ghp_known", info);
  httplib::Client c("127.0.0.1", gh.port());
  auto bad = c.Get("/user", {{"Authorization", "Bearer ghp_other"}});
  EXPECT_EQ(bad->status, 401);
  auto good = c.Get("/user", {{"Authorization", "Bearer ghp_known"}});
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(good->get_header_value("x-oauth-scopes"), "repo, delete_repo");
}

}  // namespace
}  // namespace sg::fake
