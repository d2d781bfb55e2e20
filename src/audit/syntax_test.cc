#include <gtest/gtest.h>

#include "audit/audit_test_util.h"
#include "audit/engine.h"
#include "audit/registry.h"
#include "model/repo.h"
#include "policy/policy.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

TEST(SyntaxTest, UnknownKeysAtEachLevelWithPositions) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
job:
  x: 1
jobs:
  a:
    runs-on: ubuntu-latest
    step:
      - run: echo
    steps:
      - run: echo
        with-env: {}
)",
                        "syntax");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].location->span.begin.line, 3);
  EXPECT_EQ(f[0].location->span.begin.column, 1);
  EXPECT_EQ(f[1].location->span.begin.line, 8);
  EXPECT_EQ(f[1].location->span.begin.column, 5);
  EXPECT_EQ(f[2].location->span.begin.line, 12);
  EXPECT_EQ(f[2].location->route, "jobs.a.steps[0].with-env");
}

TEST(SyntaxTest, MissingRequiredKeysAndBadNeeds) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    needs: [nope]
    steps:
      - name: nothing to do
)",
                        "syntax");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_NE(f[0].message.find("runs-on"), std::string::npos);
  EXPECT_NE(f[1].message.find("nope"), std::string::npos);
  EXPECT_NE(f[2].message.find("uses:` or `run:"), std::string::npos);
}

TEST(SyntaxTest, ModelDiagnosticsAreKeptOnTheFileAndReported) {
  model::Repository repo;
  Diagnostics diags;
  const model::SourceFile* file =
      repo.AddFile(".github/workflows/t.yml", R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps: not-a-list
)",
                   &diags);
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(file->diagnostics.size(), 1u);
  EXPECT_EQ(file->diagnostics[0].pos.line, 6);

  FindingSet found = RunAudits(repo, policy::DefaultPolicy(), AllAudits());
  std::vector<Finding> f;
  for (const auto& x : found.findings())
    if (x.rule == "syntax") f.push_back(x);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 6);
  EXPECT_EQ(f[0].message, file->diagnostics[0].message);
}

}  // namespace
}  // namespace sg::audit
