#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

TEST(MisfeatureTest, CmdShellAndPipInstall) {
  const std::string wf = R"(on: push
permissions: {}
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: echo %PATH%
        shell: cmd
      - run: echo ok
        shell: C:\Windows\System32\cmd.exe /D /E:ON /V:OFF /S /C "CALL "{0}""
      - run: echo ok
        shell: bash -e {0}
      - uses: actions/setup-python@1d0ff469b7ec7b3cb9d8673fde0c81c44821de2a
        with:
          python-version: "3.12"
          pip-install: requests
)";
  auto f = LintWorkflow(wf, "misfeature");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].location->span.begin.line, 8);
  EXPECT_EQ(f[0].location->route, "jobs.a.steps[0].shell");
  EXPECT_EQ(f[0].severity, Severity::kLow);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[1].location->span.begin.line, 10);
  EXPECT_EQ(f[2].location->span.begin.line, 16);
  EXPECT_EQ(f[2].location->route, "jobs.a.steps[3].with.pip-install");
}

TEST(MisfeatureTest, DefaultsAndCustomShells) {
  const std::string wf = R"(on: push
permissions: {}
defaults:
  run:
    shell: cmd
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: echo one
      - run: echo two
  b:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: perl {0}
    steps:
      - run: print "x"
)";
  auto f = LintWorkflow(wf, "misfeature");
  // Both cmd steps point at the workflow default; the perl shell is a style
  // point for the pedantic and auditor personas.
  ASSERT_EQ(f.size(), 1u);  // deduplicated: same rule, same location
  EXPECT_EQ(f[0].location->route, "defaults.run.shell");
  for (const char* persona : {"pedantic", "auditor"}) {
    auto more = LintWorkflow(wf, "misfeature", persona);
    ASSERT_EQ(more.size(), 2u) << persona;
    EXPECT_EQ(more[1].location->route, "jobs.b.defaults.run.shell");
    EXPECT_EQ(more[1].confidence, Confidence::kHigh);
  }
}

TEST(MisfeatureTest, WellKnownShells) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
      - run: echo ok
        shell: pwsh
      - run: print(1)
        shell: python
      - run: echo ok
        shell: /usr/bin/bash --noprofile --norc -eo pipefail {0}
)",
                        "misfeature", "auditor");
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace sg::audit
