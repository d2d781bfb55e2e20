#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::Lint;
using testing::LintWorkflow;

TEST(AgentUnsafeConfigTest, FlagInRunPointsAtTheFlag) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: codex exec --yolo "fix"
)",
                        "agent-unsafe-config");
  ASSERT_EQ(f.size(), 1u);
  // Only maintainers can push: medium, not high.
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[0].location->span.begin.line, 7);
  EXPECT_EQ(f[0].location->span.begin.column, 25);
  EXPECT_EQ(f[0].location->span.length, 6);
}

TEST(AgentUnsafeConfigTest, UnderStepguardExecIsLow) {
  auto f = LintWorkflow(R"(on: issue_comment
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: stepguard exec -- claude -p hi --dangerously-skip-permissions
)",
                        "agent-unsafe-config");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kLow);
}

TEST(AgentUntrustedTriggerTest, NeedsSomethingToSteal) {
  const char* wf = R"(on: issues
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: gemini -p "summarise"
)";
  EXPECT_TRUE(LintWorkflow(wf, "agent-untrusted-trigger").empty());
  // The same job with a secret in scope is reported.
  std::string with_secret =
      std::string(wf) +
      "        env:\n          GEMINI_API_KEY: ${{ secrets.GEMINI_API_KEY }}\n";
  auto f = LintWorkflow(with_secret, "agent-untrusted-trigger");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_NE(f[0].message.find("GEMINI_API_KEY"), std::string::npos);
}

TEST(AgentUntrustedTriggerTest, GateInNeededJobCounts) {
  auto f = LintWorkflow(R"(on: issue_comment
permissions:
  contents: write
jobs:
  check:
    if: github.event.comment.author_association == 'MEMBER'
    runs-on: ubuntu-latest
    steps:
      - run: "true"
  agent:
    needs: check
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "go"
)",
                        "agent-untrusted-trigger");
  EXPECT_TRUE(f.empty());
}

TEST(AgentUntrustedTriggerTest, DenyListIsNotAGate) {
  const char* wf = R"(on: issue_comment
permissions:
  contents: write
jobs:
  a:
    if: github.actor != 'dependabot[bot]' && github.repository_owner == 'acme'
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "go"
)";
  EXPECT_EQ(LintWorkflow(wf, "agent-untrusted-trigger").size(), 1u);
}

TEST(AgentUntrustedTriggerTest, ModelWithoutToolsIsNotAnAgentThatActs) {
  const char* wf = R"(on: issues
permissions:
  issues: write
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/ai-inference@v1
        with:
          prompt: "Summarise issue ${{ github.event.issue.body }}"
)";
  EXPECT_TRUE(LintWorkflow(wf, "agent-untrusted-trigger").empty());
  auto f = LintWorkflow(wf, "agent-prompt-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  std::string with_mcp =
      std::string(wf) + "          enable-github-mcp: true\n";
  EXPECT_EQ(LintWorkflow(with_mcp, "agent-untrusted-trigger").size(), 1u);
  f = LintWorkflow(with_mcp, "agent-prompt-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
}

TEST(AgentUntrustedTriggerTest, DefaultPermissionsAreMediumConfidence) {
  auto f = LintWorkflow(R"(on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "review"
)",
                        "agent-untrusted-trigger");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kMedium);
}

TEST(AgentPromptInjectionTest, CompositeActionPromptFromCaller) {
  auto f = Lint({{"agent/action.yml", R"(name: agent
description: runs codex
inputs:
  task:
    description: what to do
runs:
  using: composite
  steps:
    - uses: openai/codex-action@0006efa62261ffd5c7bb5131ff06a84cf849ed1c
      with:
        prompt: "Do this: ${{ inputs.task }}"
)"},
                 {".github/workflows/w.yml", R"(on: issue_comment
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./agent
        with:
          task: ${{ github.event.comment.body }}
)"}},
                "agent-prompt-injection");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->path, "agent/action.yml");
  EXPECT_EQ(f[0].location->span.begin.line, 11);
  ASSERT_FALSE(f[0].related.empty());
  EXPECT_EQ(f[0].related.back().path, ".github/workflows/w.yml");
  EXPECT_EQ(f[0].related.back().span.begin.line, 9);
}

TEST(AgentPromptInjectionTest, StructuredValuesAreNotReported) {
  auto f = LintWorkflow(R"(on: pull_request_target
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "Review PR ${{ github.event.pull_request.number }} at ${{ github.event.pull_request.head.sha }}"
)",
                        "agent-prompt-injection", "auditor");
  EXPECT_TRUE(f.empty());
}

TEST(AgentUnsandboxedTest, IsInfoAndSkipsStepguardExec) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          stepguard exec -- codex exec "a"
          codex exec "b"
)",
                        "agent-unsandboxed");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
  EXPECT_EQ(f[0].location->span.begin.line, 9);
}

}  // namespace
}  // namespace sg::audit
