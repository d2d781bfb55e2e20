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

}  // namespace
}  // namespace sg::audit
