#include "audit/artipacked.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

TEST(ArtipackedTest, CheckoutWithoutPersistFalseIsMedium) {
  auto f = testing::LintWorkflow(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: actions/checkout@v4
        with:
          persist-credentials: "False"
      - run: make
)",
                                 "artipacked");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 6);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[0].confidence, Confidence::kMedium);
}

TEST(ArtipackedTest, LaterWorkspaceUploadIsHigh) {
  const char* wf = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/upload-artifact@v3
        with: {path: .}
      - uses: actions/checkout@v4
      - uses: actions/upload-artifact@v3
        with:
          name: all
          path: |
            dist/
            .
)";
  auto f = testing::LintWorkflow(wf, "artipacked");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 8);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  ASSERT_EQ(f[0].related.size(), 1u);
  EXPECT_EQ(f[0].related[0].span.begin.line, 9);
}

TEST(ArtipackedTest, ModernUploadSkipsHiddenFilesUnlessAsked) {
  const char* modern = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/upload-artifact@v4
        with: {path: .}
)";
  auto f = testing::LintWorkflow(modern, "artipacked");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  const char* hidden = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/upload-artifact@v4
        with: {path: "${{ github.workspace }}", include-hidden-files: true}
)";
  f = testing::LintWorkflow(hidden, "artipacked");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
}

TEST(ArtipackedTest, CheckoutV6KeepsCredentialsOutOfTheWorkspace) {
  const char* wf = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3 # v6.0.0
      - uses: actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3
      - uses: actions/upload-artifact@v3
        with: {path: .}
)";
  auto f = testing::LintWorkflow(wf, "artipacked");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_NE(f[0].message.find("RUNNER_TEMP"), std::string::npos);
  EXPECT_EQ(f[1].severity, Severity::kMedium);
  // A SHA without a version comment is assumed old.
  EXPECT_EQ(f[2].severity, Severity::kHigh);
}

TEST(ArtipackedTest, ExplicitTrueIsAuditorOnly) {
  const char* wf = R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: true
)";
  EXPECT_TRUE(testing::LintWorkflow(wf, "artipacked").empty());
  auto f = testing::LintWorkflow(wf, "artipacked", "auditor");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 8);
  EXPECT_EQ(f[0].confidence, Confidence::kLow);
}

TEST(ArtipackedTest, CompositeActions) {
  auto f = testing::Lint({{"action.yml", R"(name: x
description: y
runs:
  using: composite
  steps:
    - uses: actions/checkout@v4
)"}},
                         "artipacked");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 6);
}

TEST(ArtipackedTest, UploadPatterns) {
  EXPECT_TRUE(UploadsWorkspaceRoot("."));
  EXPECT_TRUE(UploadsWorkspaceRoot("./"));
  EXPECT_TRUE(UploadsWorkspaceRoot("dist\n${{ github.workspace }}\n"));
  EXPECT_TRUE(UploadsWorkspaceRoot("$GITHUB_WORKSPACE/**"));
  EXPECT_FALSE(UploadsWorkspaceRoot("dist/"));
  EXPECT_FALSE(UploadsWorkspaceRoot("${{ github.workspace }}/dist"));
  EXPECT_FALSE(UploadsWorkspaceRoot("!."));
}

}  // namespace
}  // namespace sg::audit
