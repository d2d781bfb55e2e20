#include "audit/contexts.h"

#include <gtest/gtest.h>

namespace sg::audit {
namespace {

TEST(ContextsTest, Classification) {
  EXPECT_EQ(ClassifyContext("github.event.issue.title").capability,
            Capability::kArbitrary);
  EXPECT_EQ(ClassifyContext("github.event.commits[0].message").capability,
            Capability::kArbitrary);
  EXPECT_EQ(ClassifyContext("github.event.commits.*.author.email").capability,
            Capability::kArbitrary);
  EXPECT_EQ(ClassifyContext("github.head_ref").capability,
            Capability::kArbitrary);
  EXPECT_EQ(ClassifyContext("github.event.pull_request.head.sha").capability,
            Capability::kStructured);
  EXPECT_EQ(ClassifyContext("github.event.pull_request.number").capability,
            Capability::kStructured);
  EXPECT_EQ(ClassifyContext("github.sha").capability, Capability::kFixed);
  EXPECT_EQ(ClassifyContext("github.repository").capability,
            Capability::kFixed);
  EXPECT_EQ(ClassifyContext("github.event.something.new").capability,
            Capability::kUnknown);
  EXPECT_EQ(ClassifyContext("inputs.x").capability, Capability::kUnknown);
  EXPECT_EQ(ClassifyContext("github.event.issue.title").events,
            (std::vector<std::string>{"issues", "issue_comment"}));
}

TEST(ContextsTest, StringIndexesAndCase) {
  EXPECT_EQ(ClassifyContext("github['event']['issue']['title']").capability,
            Capability::kArbitrary);
  EXPECT_EQ(ClassifyContext("github['event']['issue']['number']").capability,
            Capability::kStructured);
  EXPECT_EQ(ClassifyContext("GitHub.Event.Issue.Title").capability,
            Capability::kArbitrary);
}

TEST(ContextsTest, StatusEnumsAreFixed) {
  EXPECT_EQ(ClassifyContext("steps.build.outcome").capability,
            Capability::kFixed);
  EXPECT_EQ(ClassifyContext("steps.build.conclusion").capability,
            Capability::kFixed);
  EXPECT_EQ(ClassifyContext("needs['test-matrix']['result']").capability,
            Capability::kFixed);
  EXPECT_EQ(ClassifyContext("needs.build.outputs.x").capability,
            Capability::kUnknown);
}

TEST(ContextsTest, DeepPayloadFieldsByName) {
  using C = Capability;
  EXPECT_EQ(
      ClassifyContext("github.event.workflow_run.pull_requests[0].base.repo.id")
          .capability,
      C::kFixed);
  EXPECT_EQ(ClassifyContext("github.event.changes.new_discussion.labels.*.name")
                .capability,
            C::kArbitrary);
  EXPECT_EQ(
      ClassifyContext("github.event.check_run.check_suite.head_sha").capability,
      C::kStructured);
  EXPECT_EQ(ClassifyContext("github.event.check_run.output.title").capability,
            C::kArbitrary);
  EXPECT_EQ(ClassifyContext("github.event.deployment.created_at").capability,
            C::kFixed);
  // Repository dispatch payloads are the sender's JSON all the way down.
  EXPECT_EQ(ClassifyContext("github.event.client_payload.a.id").capability,
            C::kArbitrary);
  // Dispatch inputs are judged by their declared type elsewhere.
  EXPECT_EQ(ClassifyContext("github.event.inputs.message").capability,
            C::kUnknown);
}

}  // namespace
}  // namespace sg::audit
