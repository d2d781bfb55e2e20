#include "sandbox/kernel_audit.h"

#include <gtest/gtest.h>

namespace sg::sandbox {
namespace {

// Record bodies as Linux 6.18 writes them (security/landlock/audit.c).
TEST(LandlockAuditParseTest, AccessRecordWithQuotedPath) {
  uint64_t domain = 0;
  LandlockDenial d;
  ASSERT_TRUE(ParseLandlockAccess(
      "domain=1ef1d6a74 blockers=fs.write_file path=\"/proc/2/comm\" "
      "dev=\"proc\" ino=1560593",
      &domain, &d));
  EXPECT_EQ(domain, 0x1ef1d6a74u);
  EXPECT_EQ(d.blockers, "fs.write_file");
  EXPECT_EQ(d.path, "/proc/2/comm");
  EXPECT_EQ(d.object, "path=\"/proc/2/comm\" dev=\"proc\" ino=1560593");
}

TEST(LandlockAuditParseTest, HexEncodedPathIsDecoded) {
  // The kernel hex-encodes untrusted strings with spaces or quotes.
  uint64_t domain = 0;
  LandlockDenial d;
  ASSERT_TRUE(ParseLandlockAccess(
      "domain=a blockers=fs.make_reg,fs.write_file path=2F7461726765742078 "
      "dev=\"sda1\" ino=7",
      &domain, &d));
  EXPECT_EQ(domain, 0xau);
  EXPECT_EQ(d.blockers, "fs.make_reg,fs.write_file");
  EXPECT_EQ(d.path, "/target x");
}

TEST(LandlockAuditParseTest, ScopeDenialHasNoPath) {
  uint64_t domain = 0;
  LandlockDenial d;
  ASSERT_TRUE(ParseLandlockAccess(
      "domain=195ba459b blockers=scope.signal opid=1 ocomm=\"systemd\"",
      &domain, &d));
  EXPECT_EQ(d.blockers, "scope.signal");
  EXPECT_EQ(d.path, "");
  EXPECT_EQ(d.object, "opid=1 ocomm=\"systemd\"");
}

TEST(LandlockAuditParseTest, OtherRecordsAreNotDenials) {
  uint64_t domain = 0;
  LandlockDenial d;
  EXPECT_FALSE(ParseLandlockAccess(
      "domain=1ef1d6a74 status=allocated mode=enforcing pid=31631", &domain,
      &d));
  EXPECT_FALSE(ParseLandlockAccess("arch=c000003e syscall=257", &domain, &d));
  EXPECT_FALSE(ParseLandlockAccess("domain=zz blockers=fs.x", &domain, &d));
}

TEST(LandlockAuditAvailableTest, SaysWhyWhenUnavailable) {
  Status s = LandlockAuditAvailable();
  if (s.ok()) GTEST_SKIP() << "kernel audit is on here: nothing to explain";
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_FALSE(s.message().empty());
}

}  // namespace
}  // namespace sg::sandbox
