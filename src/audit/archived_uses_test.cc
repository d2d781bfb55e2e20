#include "audit/archived_uses.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::Lint;
using testing::LintWorkflow;

TEST(ArchivedUsesTest, StepsAndReusableWorkflowsPointAtTheSlug) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: Actions-RS/toolchain@16499b5e05bf2e26879000db0c1d13f7e13fa3af
      - uses: actions/create-release/sub@0cb9c9b65d5d1901c1f53e5e66eaf4afd303e70e
      - uses: ruby/setup-ruby@1a615958ad9d422dd932dc1d5823942ee002799f
  call:
    uses: tibdex/github-app-token/.github/workflows/x.yml@3beb63f4bd073e61482598c45c71c1019b59b73a
)",
                        "archived-uses");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->span.begin.column, 15);
  EXPECT_EQ(f[0].location->span.length,
            std::string("Actions-RS/toolchain").size());
  EXPECT_NE(f[0].remediation.find("rustup"), std::string::npos);
  EXPECT_EQ(f[1].location->span.begin.line, 8);
  EXPECT_EQ(f[2].location->route, "jobs.call.uses");
}

TEST(ArchivedUsesTest, CompositeActions) {
  auto f = Lint({{"action.yml", R"(name: a
description: d
runs:
  using: composite
  steps:
    - uses: gradle/gradle-build-action@ac2d340dc04d9e1113182899e983b5400c17cda1
)"}},
                "archived-uses");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->route, "runs.steps[0].uses");
}

TEST(ArchivedUsesTest, TableIsLowerCaseAndSorted) {
  EXPECT_NE(ArchivedReplacement("actions/setup-ruby"), nullptr);
  EXPECT_EQ(ArchivedReplacement("actions/checkout"), nullptr);
  EXPECT_EQ(ArchivedReplacement("Actions/setup-ruby"),
            nullptr);  // callers lower-case
}

}  // namespace
}  // namespace sg::audit
