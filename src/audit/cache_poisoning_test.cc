#include "audit/cache_poisoning.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

std::vector<int> Lines(const std::vector<Finding>& f) {
  std::vector<int> out;
  for (const auto& x : f) out.push_back(x.location->span.begin.line);
  return out;
}

TEST(CachePoisoningTest, PublishingJobWithCache) {
  const char* wf = R"(on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with: {cache: npm}
      - uses: actions/setup-python@v5
      - uses: actions/setup-go@v5
      - uses: actions/setup-go@v5
        with: {cache: false}
      - uses: Swatinem/rust-cache@v2
        with: {lookup-only: "${{ inputs.ro }}"}
      - run: npm run build
      - uses: pypa/gh-action-pypi-publish@release/v1
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache@v4
        with: {path: x, key: y}
)";
  auto f = testing::LintWorkflow(wf, "cache-poisoning");
  EXPECT_EQ(Lines(f), (std::vector<int>{6, 9}));
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kMedium);
  ASSERT_EQ(f[0].related.size(), 1u);
  EXPECT_EQ(f[0].related[0].span.begin.line, 15);
  // The expression-controlled cache is auditor-only.
  EXPECT_EQ(Lines(testing::LintWorkflow(wf, "cache-poisoning", "auditor")),
            (std::vector<int>{6, 9, 12}));
}

TEST(CachePoisoningTest, ReleaseTriggersAreLowConfidence) {
  const char* wf = R"(on:
  push:
    tags: ["v*"]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/cache/restore@v4
        with: {path: x, key: y}
      - uses: actions/cache/save@v4
        with: {path: x, key: y}
)";
  EXPECT_TRUE(testing::LintWorkflow(wf, "cache-poisoning").empty());
  auto f = testing::LintWorkflow(wf, "cache-poisoning", "auditor");
  EXPECT_EQ(Lines(f), (std::vector<int>{8}));
  ASSERT_EQ(f[0].related.size(), 1u);
  EXPECT_EQ(f[0].related[0].span.begin.line, 2);
}

TEST(CachePoisoningTest, GoreleaserSnapshotsDoNotPublish) {
  const char* wf = R"(on: push
jobs:
  snapshot:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
      - uses: goreleaser/goreleaser-action@v6
        with: {args: release --snapshot --clean}
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-go@v5
      - uses: goreleaser/goreleaser-action@v6
        with: {args: release --clean}
)";
  EXPECT_EQ(Lines(testing::LintWorkflow(wf, "cache-poisoning")),
            (std::vector<int>{12}));
}

TEST(CachePoisoningTest, DockerPushIsPublishing) {
  const char* wf = R"(on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: gradle/actions/setup-gradle@v4
      - uses: docker/build-push-action@v6
        with: {push: true}
  build-only:
    runs-on: ubuntu-latest
    steps:
      - uses: gradle/actions/setup-gradle@v4
      - uses: docker/build-push-action@v6
)";
  EXPECT_EQ(Lines(testing::LintWorkflow(wf, "cache-poisoning")),
            (std::vector<int>{6}));
}

}  // namespace
}  // namespace sg::audit
