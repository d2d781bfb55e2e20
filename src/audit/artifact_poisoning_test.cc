#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

TEST(ArtifactPoisoningTest, GhRunDownloadThenBuild) {
  auto f = LintWorkflow(R"(on:
  workflow_run:
    workflows: [CI]
    types: [completed]
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - env:
          GH_TOKEN: ${{ github.token }}
        run: gh run download "${{ github.event.workflow_run.id }}"
      - run: npm run report
)",
                        "artifact-poisoning");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 14);
  EXPECT_EQ(f[0].related[0].span.begin.line, 13);
}

TEST(ArtifactPoisoningTest, SameRunArtifactsAreNotCrossRun) {
  auto f = LintWorkflow(R"(on: pull_request_target
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093
        with:
          name: built
      - run: make
)",
                        "artifact-poisoning");
  EXPECT_TRUE(f.empty());
}

TEST(ArtifactPoisoningTest, UnzipWithoutDirectoryExtractsIntoWorkspace) {
  auto f = LintWorkflow(R"(on:
  workflow_run:
    workflows: [CI]
    types: [completed]
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: dawidd6/action-download-artifact@ac66b43f0e6a346234dd65d4d0c8fbb31cb316e5
        with:
          path: dl
      - run: unzip dl/pr.zip
      - run: python3 tools/comment.py
)",
                        "artifact-poisoning");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 14);
}

}  // namespace
}  // namespace sg::audit
