#include "audit/hardcoded_container_credentials.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

TEST(HardcodedContainerCredentialsTest, LiteralPasswordsOnly) {
  auto f = testing::LintWorkflow(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    container:
      image: ghcr.io/o/build:1
      credentials:
        username: bot
        password: hunter2
    services:
      db:
        image: ghcr.io/o/db:1
        credentials:
          username: ${{ github.actor }}
          password: ${{ secrets.GHCR_TOKEN }}
      cache:
        image: ghcr.io/o/cache:1
        credentials: {username: bot, password: "s3cr3t"}
    steps:
      - run: true
)",
                                 "hardcoded-container-credentials");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].location->span.begin.line, 9);
  EXPECT_EQ(f[0].location->span.begin.column, 19);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[1].location->span.begin.line, 18);
  EXPECT_NE(f[1].message.find("service `cache`"), std::string::npos);
  // The password must never be echoed back.
  for (const auto& x : f) {
    EXPECT_EQ(x.message.find("hunter2"), std::string::npos);
    EXPECT_EQ(x.snippet.find("hunter2"), std::string::npos);
  }
}

}  // namespace
}  // namespace sg::audit
