#include "github/http.h"

#include <gtest/gtest.h>

namespace sg::github {
namespace {

TEST(LinkHeaderTest, ParsesGithubLinkHeader) {
  // As recorded in paginate-issues.json.
  auto rels = ParseLinkHeader(
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=1>; "
      "rel=\"prev\", <https://api.github.com/repositories/1000/"
      "issues?per_page=3&page=3>; rel=\"next\", "
      "<https://api.github.com/repositories/1000/issues?per_page=3&page=5>; "
      "rel=\"last\", <https://api.github.com/repositories/1000/"
      "issues?per_page=3&page=1>; rel=\"first\"");
  ASSERT_EQ(rels.size(), 4u);
  EXPECT_EQ(
      rels["next"],
      "https://api.github.com/repositories/1000/issues?per_page=3&page=3");
  EXPECT_EQ(
      rels["last"],
      "https://api.github.com/repositories/1000/issues?per_page=3&page=5");
  EXPECT_TRUE(ParseLinkHeader("").empty());
  EXPECT_TRUE(ParseLinkHeader("garbage").empty());
}

TEST(UrlTest, OriginAndResolution) {
  EXPECT_EQ(UrlOrigin("https://API.github.com:443/x?y"),
            "https://api.github.com");
  EXPECT_EQ(UrlOrigin("http://127.0.0.1:8080/a"), "http://127.0.0.1:8080");
  EXPECT_EQ(UrlOrigin("http://user:pw@host/x"), "http://host");
  EXPECT_EQ(UrlOrigin("/relative"), "");
  EXPECT_EQ(ResolveUrl("http://h:1/repos/a/b", "/repositories/9"),
            "http://h:1/repositories/9");
  EXPECT_EQ(ResolveUrl("http://h:1/a/b", "https://x/y"), "https://x/y");
  EXPECT_EQ(ResolveUrl("http://h:1/a/b?q", "c"), "http://h:1/a/c");
  EXPECT_EQ(UrlPathAndQuery("https://h/api/v3/x?y=1"), "/api/v3/x?y=1");
}

TEST(HeadersTest, CaseInsensitive) {
  Headers h;
  h.Add("X-RateLimit-Remaining", "0");
  EXPECT_EQ(h.Get("x-ratelimit-remaining"), "0");
  h.Set("x-ratelimit-remaining", "5");
  EXPECT_EQ(h.entries().size(), 1u);
  EXPECT_EQ(h.Get("X-RATELIMIT-REMAINING"), "5");
}

}  // namespace
}  // namespace sg::github
