#include "egress/address.h"

#include <gtest/gtest.h>

namespace sg::egress {
namespace {

std::string RangeOf(const char* ip) {
  auto a = ParseIp(ip);
  EXPECT_TRUE(a.has_value()) << ip;
  if (!a) return "?";
  auto r = SpecialRange(*a);
  return r ? std::string(*r) : "public";
}

TEST(AddressTest, ParsesStrictLiterals) {
  EXPECT_EQ(ParseIp("127.0.0.1")->ToString(), "127.0.0.1");
  EXPECT_EQ(ParseIp("[::1]")->ToString(), "::1");
  EXPECT_TRUE(ParseIp("::ffff:10.0.0.1")->v6);
  EXPECT_FALSE(ParseIp("2130706433"));  // decimal shorthand is a name
  EXPECT_FALSE(ParseIp("0x7f.0.0.1"));
  EXPECT_FALSE(ParseIp("127.1"));
  EXPECT_FALSE(ParseIp("example.com"));
  EXPECT_FALSE(ParseIp(""));
}

TEST(AddressTest, ClassifiesSpecialRanges) {
  EXPECT_EQ(RangeOf("127.0.0.1"), "loopback");
  EXPECT_EQ(RangeOf("127.255.1.2"), "loopback");
  EXPECT_EQ(RangeOf("10.0.0.1"), "private");
  EXPECT_EQ(RangeOf("172.16.0.1"), "private");
  EXPECT_EQ(RangeOf("172.31.255.255"), "private");
  EXPECT_EQ(RangeOf("192.168.1.1"), "private");
  EXPECT_EQ(RangeOf("169.254.169.254"), "link-local");
  EXPECT_EQ(RangeOf("100.64.0.1"), "cgnat");
  EXPECT_EQ(RangeOf("0.0.0.0"), "unspecified");
  EXPECT_EQ(RangeOf("224.0.0.251"), "multicast");
  EXPECT_EQ(RangeOf("255.255.255.255"), "reserved");
  EXPECT_EQ(RangeOf("::1"), "loopback");
  EXPECT_EQ(RangeOf("::"), "unspecified");
  EXPECT_EQ(RangeOf("::ffff:8.8.8.8"), "ipv4-mapped");
  EXPECT_EQ(RangeOf("::ffff:169.254.169.254"), "ipv4-mapped");
  EXPECT_EQ(RangeOf("64:ff9b::a00:1"), "nat64");
  EXPECT_EQ(RangeOf("fd00:ec2::254"), "unique-local");
  EXPECT_EQ(RangeOf("fe80::1"), "link-local");
  EXPECT_EQ(RangeOf("ff02::1"), "multicast");
  EXPECT_EQ(RangeOf("2002:a00:1::"), "6to4");
  // Ordinary public unicast (classification only; never connected to).
  EXPECT_EQ(RangeOf("8.8.8.8"), "public");
  EXPECT_EQ(RangeOf("172.32.0.1"), "public");
  EXPECT_EQ(RangeOf("2606:4700::1111"), "public");
}

TEST(AddressTest, CidrContains) {
  auto c = ParseCidr("10.1.0.0/16");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->Contains(*ParseIp("10.1.2.3")));
  EXPECT_FALSE(c->Contains(*ParseIp("10.2.0.1")));
  EXPECT_FALSE(c->Contains(*ParseIp("::ffff:10.1.2.3")));
  auto one = ParseCidr("127.0.0.1");
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(one->Contains(*ParseIp("127.0.0.1")));
  EXPECT_FALSE(one->Contains(*ParseIp("127.0.0.2")));
  EXPECT_TRUE(ParseCidr("fc00::/7")->Contains(*ParseIp("fd12::1")));
  EXPECT_FALSE(ParseCidr("10.0.0.0/33").ok());
  EXPECT_FALSE(ParseCidr("nope/8").ok());
}

}  // namespace
}  // namespace sg::egress
