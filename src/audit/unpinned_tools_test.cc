#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

std::string Steps(const std::string& steps) {
  return "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n "
         "   steps:\n" +
         steps;
}

TEST(UnpinnedToolsTest, MissingOrLatestVersion) {
  auto f = LintWorkflow(
      Steps(
          R"(      - uses: aquasecurity/trivy-action@76071ef0d7ec797419534a183b498b4d6366cf37
        with:
          scan-type: fs
      - uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd
        with:
          terraform_version: latest
      - uses: Azure/setup-helm@b9e51907a09c216f16ebe8536097933489208112
)"),
      "unpinned-tools");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->route, "jobs.a.steps[0].uses");
  EXPECT_EQ(f[1].location->span.begin.line, 12);
  EXPECT_EQ(f[1].location->route, "jobs.a.steps[1].with.terraform_version");
  EXPECT_EQ(f[2].location->span.begin.line, 13);
}

TEST(UnpinnedToolsTest, PinnedVersionsAndOtherActions) {
  auto f = LintWorkflow(
      Steps(
          R"(      - uses: aquasecurity/trivy-action@76071ef0d7ec797419534a183b498b4d6366cf37
        with:
          version: v0.57.1
      - uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd
        with:
          terraform_version: 1.9.8
      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
)"),
      "unpinned-tools");
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace sg::audit
