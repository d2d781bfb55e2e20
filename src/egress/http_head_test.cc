#include "egress/http_head.h"

#include <gtest/gtest.h>

namespace sg::egress {
namespace {

TEST(HttpHeadTest, ParsesConnect) {
  auto h = ParseRequestHead(
      "CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n"
      "User-Agent: x\r\n\r\n");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->method, "CONNECT");
  EXPECT_EQ(h->target, "api.example.com:443");
  EXPECT_EQ(*h->Header("user-agent"), "x");
  EXPECT_FALSE(h->Header("cookie"));
}

TEST(HttpHeadTest, FindsHeadEnd) {
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\n\r\nbody"), 18u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\n\nbody"), 16u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nHost: a\r\n"), std::string::npos);
}

// Found by fuzz/http_head_fuzz.cc: an LF line followed by an empty CRLF line
// ends the head for the parser, so it must end it for FindHeadEnd too (the
// proxy dropped every header line between it and a later "\r\n\r\n").
TEST(HttpHeadTest, HeadEndsAtTheFirstEmptyLineWhateverItsLineEnds) {
  EXPECT_EQ(FindHeadEnd(std::string_view("T / HTTP/1.0\n\r\n\n", 16)), 15u);
  std::string req = "GET http://a/ HTTP/1.1\nHost: a\n\r\nX-Late: 1\r\n\r\n";
  size_t end = FindHeadEnd(req);
  ASSERT_EQ(end, req.find("X-Late"));
  auto head = ParseRequestHead(std::string_view(req).substr(0, end));
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->headers.size(), 1u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nA: b\n\n"), 22u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\n\r"), std::string::npos);
}

TEST(HttpHeadTest, RejectsMalformed) {
  for (const char* bad :
       {"\x01\x02garbage\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n"}) {
    EXPECT_FALSE(ParseRequestHead(bad).ok()) << bad;
  }
}

TEST(HttpHeadTest, AbsoluteTarget) {
  auto t = ParseAbsoluteHttpTarget("http://Example.com:8080/a/b?c=d#frag");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->authority, "Example.com:8080");
  EXPECT_EQ(t->path, "/a/b?c=d");
  EXPECT_EQ(ParseAbsoluteHttpTarget("http://example.com")->path, "/");
  EXPECT_EQ(ParseAbsoluteHttpTarget("http://example.com?q")->path, "/?q");
  EXPECT_FALSE(ParseAbsoluteHttpTarget("https://example.com/").ok());
  EXPECT_FALSE(ParseAbsoluteHttpTarget("http://user@example.com/").ok());
  EXPECT_FALSE(ParseAbsoluteHttpTarget("/relative").ok());
}

}  // namespace
}  // namespace sg::egress
