#include "egress/allowlist.h"

#include <gtest/gtest.h>

namespace sg::egress {
namespace {

Allowlist MustParse(std::vector<std::string> rules) {
  auto r = Allowlist::Parse(rules);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : Allowlist();
}

std::string Match(const Allowlist& l, const char* host, uint16_t port) {
  const AllowRule* r = l.Match(host, port);
  return r ? r->text : "-";
}

TEST(AllowlistTest, ExactNameDefaultsToWebPorts) {
  Allowlist l = MustParse({"api.example.com"});
  EXPECT_EQ(Match(l, "api.example.com", 443), "api.example.com");
  EXPECT_EQ(Match(l, "api.example.com", 80), "api.example.com");
  EXPECT_EQ(Match(l, "api.example.com", 8443), "-");
  EXPECT_EQ(Match(l, "x.api.example.com", 443), "-");
  EXPECT_EQ(Match(l, "example.com", 443), "-");
}

TEST(AllowlistTest, PortsAndAnyPort) {
  Allowlist l = MustParse({"a.test:8443", "b.test:*"});
  EXPECT_EQ(Match(l, "a.test", 8443), "a.test:8443");
  EXPECT_EQ(Match(l, "a.test", 443), "-");
  EXPECT_EQ(Match(l, "b.test", 22), "b.test:*");
}

TEST(AllowlistTest, WildcardMatchesOnlyStrictSubdomains) {
  Allowlist l = MustParse({"*.githubusercontent.com:443"});
  EXPECT_NE(Match(l, "raw.githubusercontent.com", 443), "-");
  EXPECT_NE(Match(l, "a.b.githubusercontent.com", 443), "-");
  EXPECT_EQ(Match(l, "githubusercontent.com", 443), "-");
  EXPECT_EQ(Match(l, "evilgithubusercontent.com", 443), "-");
  EXPECT_EQ(Match(l, "raw.githubusercontent.com", 80), "-");
}

TEST(AllowlistTest, IpLiteralsOnlyWhenListed) {
  Allowlist l =
      MustParse({"*.example.com", "203.0.113.7:443", "[2001:db8::1]"});
  EXPECT_EQ(Match(l, "203.0.113.7", 443), "203.0.113.7:443");
  EXPECT_EQ(Match(l, "203.0.113.8", 443), "-");
  EXPECT_EQ(Match(l, "2001:db8::1", 443), "[2001:db8::1]");
}

TEST(AllowlistTest, RejectsBadRules) {
  for (const char* bad :
       {"*", "*.com", "a*.example.com", "host:0", "host:99999", "exa mple.com",
        "", "a..b", "*.10.0.0.1", "[::1"}) {
    EXPECT_FALSE(ParseAllowRule(bad).ok()) << bad;
  }
}

TEST(AllowlistTest, NormalizesHosts) {
  EXPECT_EQ(*NormalizeHost("API.Example.COM."), "api.example.com");
  EXPECT_EQ(*NormalizeHost("[::1]"), "::1");
  EXPECT_FALSE(NormalizeHost(std::string_view("a\0b", 3)));
  EXPECT_FALSE(NormalizeHost("a b"));
  Allowlist l = MustParse({"API.example.com:443"});
  EXPECT_NE(Match(l, "api.example.com", 443), "-");
}

TEST(AllowlistTest, ParsesAuthority) {
  auto hp = ParseAuthority("Example.com:8443", std::nullopt);
  ASSERT_TRUE(hp.ok());
  EXPECT_EQ(hp->host, "example.com");
  EXPECT_EQ(hp->port, 8443);
  EXPECT_EQ(ParseAuthority("[::1]:443", std::nullopt)->host, "::1");
  EXPECT_FALSE(ParseAuthority("example.com", std::nullopt).ok());
  EXPECT_EQ(ParseAuthority("example.com", uint16_t{80})->port, 80);
  EXPECT_FALSE(ParseAuthority("::1:443", std::nullopt).ok());
  EXPECT_FALSE(ParseAuthority("a.com:x", std::nullopt).ok());
}

}  // namespace
}  // namespace sg::egress
