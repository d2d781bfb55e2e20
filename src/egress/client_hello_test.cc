#include "egress/client_hello.h"

#include <gtest/gtest.h>

#include "egress/tls_test_util.h"

namespace sg::egress {
namespace {

using State = ClientHelloScan::State;

TEST(ClientHelloTest, ExtractsSniFromRealClientHello) {
  std::string hello = testing::MakeClientHello("API.example.test");
  ClientHelloScan s = ScanClientHello(hello);
  ASSERT_EQ(s.state, State::kComplete);
  ASSERT_TRUE(s.sni);
  EXPECT_EQ(*s.sni, "api.example.test");
}

TEST(ClientHelloTest, NoSniExtension) {
  ClientHelloScan s = ScanClientHello(testing::MakeClientHello(""));
  EXPECT_EQ(s.state, State::kComplete);
  EXPECT_FALSE(s.sni);
}

TEST(ClientHelloTest, EveryPrefixNeedsMore) {
  std::string hello = testing::MakeClientHello("a.test");
  for (size_t n = 0; n < hello.size(); ++n) {
    EXPECT_EQ(ScanClientHello(hello.substr(0, n)).state, State::kNeedMore) << n;
  }
}

TEST(ClientHelloTest, RecordSplitAcrossTwoRecords) {
  std::string hello = testing::MakeClientHello("split.test");
  std::string body = hello.substr(5);
  size_t half = body.size() / 2;
  auto record = [](std::string_view frag) {
    std::string r = "\x16\x03\x01";
    r += static_cast<char>(frag.size() >> 8);
    r += static_cast<char>(frag.size() & 0xff);
    r += frag;
    return r;
  };
  std::string two = record(std::string_view(body).substr(0, half)) +
                    record(std::string_view(body).substr(half));
  ClientHelloScan s = ScanClientHello(two);
  ASSERT_EQ(s.state, State::kComplete);
  EXPECT_EQ(*s.sni, "split.test");
}

TEST(ClientHelloTest, RejectsNonTlsAndGarbage) {
  EXPECT_EQ(ScanClientHello("GET / HTTP/1.1\r\n").state, State::kNotTls);
  EXPECT_EQ(ScanClientHello(std::string("\x16\x03\x01\x00\x05garba", 10)).state,
            State::kMalformed);
  EXPECT_EQ(ScanClientHello(std::string("\x16\x09\x01\x00\x05", 5)).state,
            State::kMalformed);
  // A ServerHello-typed handshake message is not a ClientHello.
  std::string hello = testing::MakeClientHello("a.test");
  hello[5] = 0x02;
  EXPECT_EQ(ScanClientHello(hello).state, State::kMalformed);
  // Truncated inner lengths are malformed, not out-of-bounds reads.
  std::string cut = hello;
  cut[5] = 0x01;
  cut[8] = 0x10;  // shrink handshake length so extensions overrun
  EXPECT_NE(ScanClientHello(cut).state, State::kComplete);
}

}  // namespace
}  // namespace sg::egress
