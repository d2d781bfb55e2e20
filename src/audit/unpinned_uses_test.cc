#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

const char* kWorkflow = R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: tj-actions/changed-files@v45
      - uses: some/action
      - uses: some/action/sub@1a2b3c4
      - uses: actions/setup-node@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
      - uses: ./local
      - uses: docker://alpine
      - uses: docker://alpine:3.20
      - uses: docker://alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
  call:
    uses: org/repo/.github/workflows/x.yml@main
)";

TEST(UnpinnedUsesTest, DefaultPolicyRequiresHashPins) {
  auto f = testing::LintWorkflow(kWorkflow, "unpinned-uses");
  ASSERT_EQ(f.size(), 7u);
  // actions/checkout@v4: first party, tag -> medium, points at the ref.
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->span.begin.column, 32);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  // third party tag -> high
  EXPECT_EQ(f[1].location->span.begin.line, 8);
  EXPECT_EQ(f[1].severity, Severity::kHigh);
  // no ref
  EXPECT_EQ(f[2].location->span.begin.line, 9);
  EXPECT_NE(f[2].message.find("no ref"), std::string::npos);
  // abbreviated sha
  EXPECT_NE(f[3].message.find("abbreviated"), std::string::npos);
  // docker images
  EXPECT_EQ(f[4].location->span.begin.line, 13);
  EXPECT_EQ(f[4].severity, Severity::kHigh);
  EXPECT_EQ(f[5].severity, Severity::kMedium);
  // reusable workflow
  EXPECT_EQ(f[6].location->span.begin.line, 17);
}

TEST(UnpinnedUsesTest, PerOwnerPolicies) {
  auto f = testing::Lint(
      {{".github/workflows/t.yml", kWorkflow}}, "unpinned-uses",
      "version: 1\nworkflows:\n  rules:\n    unpinned-uses:\n      config:\n"
      "        policies: {\"actions/*\": ref-pin, \"some/action\": any, "
      "\"*\": hash-pin}\n");
  std::vector<int> lines;
  for (const auto& x : f) lines.push_back(x.location->span.begin.line);
  EXPECT_EQ(lines, (std::vector<int>{8, 13, 14, 17}));
}

}  // namespace
}  // namespace sg::audit
