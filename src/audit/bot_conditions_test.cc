#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

std::string Workflow(const std::string& on, const std::string& job_if,
                     const std::string& step_if = "") {
  std::string w =
      "on: " + on +
      "\npermissions: {}\njobs:\n  merge:\n    runs-on: ubuntu-latest\n";
  if (!job_if.empty()) w += "    if: " + job_if + "\n";
  w += "    steps:\n      - run: echo ok\n";
  if (!step_if.empty()) w += "        if: " + step_if + "\n";
  return w;
}

TEST(BotConditionsTest, ActorEqualsBotDominatesAndPointsAtTheComparison) {
  auto f = LintWorkflow(
      Workflow("pull_request_target", "github.actor == 'dependabot[bot]'"),
      "bot-conditions");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 6);
  EXPECT_EQ(f[0].location->span.begin.column, 9);
  EXPECT_EQ(f[0].location->span.length,
            std::string("github.actor == 'dependabot[bot]'").size());
  EXPECT_EQ(f[0].location->route, "jobs.merge.if");
}

TEST(BotConditionsTest, FencedReversedAndCaseInsensitive) {
  auto f = LintWorkflow(
      Workflow("pull_request", "",
               "${{ 'renovate[bot]' == GitHub.TRIGGERING_ACTOR || false }}"),
      "bot-conditions");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 8);
  EXPECT_EQ(f[0].location->span.begin.column, 17);
  EXPECT_EQ(f[0].location->route, "jobs.merge.steps[0].if");
}

TEST(BotConditionsTest, ConjunctionIsMediumConfidence) {
  auto f = LintWorkflow(Workflow("pull_request_target",
                                 "github.event_name == 'pull_request_target' "
                                 "&& github.actor == 'dependabot[bot]'"),
                        "bot-conditions");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kMedium);
  EXPECT_EQ(f[0].location->span.begin.column, 55);
}

TEST(BotConditionsTest, WorkflowRunFallbackGate) {
  // The shape of a real workflow: fork runs pass, and so does anything the
  // "dependabot" actor triggered.
  auto f = LintWorkflow(
      Workflow("workflow_run",
               "github.event.workflow_run.conclusion == 'success' && "
               "(github.event.workflow_run.head_repository.full_name != "
               "github.repository || "
               "github.actor == 'dependabot[bot]')"),
      "bot-conditions");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].confidence, Confidence::kMedium);
}

TEST(BotConditionsTest, ActorIdsAndListMembership) {
  auto f =
      LintWorkflow(Workflow("issue_comment", "github.actor_id == 49699333"),
                   "bot-conditions");
  ASSERT_EQ(f.size(), 1u);
  f = LintWorkflow(
      Workflow("pull_request_target", "github.actor_id == '29139614'"),
      "bot-conditions");
  ASSERT_EQ(f.size(), 1u);
  f = LintWorkflow(Workflow("pull_request_target",
                            "contains(fromJSON('[\"dependabot[bot]\", "
                            "\"renovate[bot]\"]'), github.actor)"),
                   "bot-conditions");
  ASSERT_EQ(f.size(), 1u);
}

TEST(BotConditionsTest, SafeForms) {
  // The pull request's author, not the event's actor.
  EXPECT_TRUE(
      LintWorkflow(
          Workflow("pull_request_target",
                   "github.event.pull_request.user.login == 'dependabot[bot]'"),
          "bot-conditions")
          .empty());
  // Excluding bots is not a gate that lets anything through.
  EXPECT_TRUE(LintWorkflow(Workflow("pull_request_target",
                                    "github.actor != 'dependabot[bot]'"),
                           "bot-conditions")
                  .empty());
  // A human account.
  EXPECT_TRUE(
      LintWorkflow(Workflow("pull_request_target", "github.actor == 'octocat'"),
                   "bot-conditions")
          .empty());
  // Only maintainers can trigger these events.
  EXPECT_TRUE(LintWorkflow(Workflow("[workflow_dispatch, schedule]",
                                    "github.actor == 'dependabot[bot]'"),
                           "bot-conditions")
                  .empty());
}

}  // namespace
}  // namespace sg::audit
