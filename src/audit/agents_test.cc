#include "audit/agents.h"

#include <gtest/gtest.h>

namespace sg::audit {
namespace {

TEST(AgentsTest, FindsInvocationsInCommandPositionOnly) {
  const std::string script =
      "npm install -g @openai/codex\n"
      "echo \"codex is great\"\n"
      "OPENAI_API_KEY=x timeout 10m codex exec --yolo \"fix\" && claude -p hi\n"
      "npx -y @google/gemini-cli@latest -p \"x\" | tee out\n"
      "stepguard exec --allow-net api.openai.com -- codex exec \"y\"\n";
  auto inv = FindAgentInvocations(script);
  ASSERT_EQ(inv.size(), 4u);
  EXPECT_EQ(inv[0].cli->name, "Codex CLI");
  EXPECT_EQ(script.substr(inv[0].begin, inv[0].end - inv[0].begin), "codex");
  EXPECT_FALSE(inv[0].under_stepguard);
  EXPECT_EQ(inv[1].cli->name, "Claude Code");
  EXPECT_EQ(inv[2].cli->name, "Gemini CLI");
  EXPECT_EQ(script.substr(inv[2].begin, inv[2].end - inv[2].begin),
            "@google/gemini-cli@latest");
  EXPECT_TRUE(inv[3].under_stepguard);
}

TEST(AgentsTest, FindsInvocationsBehindShellsAndTheGhAwFirewall) {
  const std::string script =
      "sudo -E awf --env-all --allow-domains github.com -- "
      "/usr/local/bin/copilot --allow-all-tools --prompt \"$(cat p.txt)\"\n"
      "awf --allow-domains x.com -- /bin/bash -c 'claude -p hi --yolo'\n"
      "bash -lc \"codex exec fix\"\n"
      "sh -c 'echo codex'\n"
      "awf -- 'gemini -p x'\n";
  auto inv = FindAgentInvocations(script);
  ASSERT_EQ(inv.size(), 4u);
  auto text = [&](const AgentInvocation& i) {
    return script.substr(i.begin, i.end - i.begin);
  };
  EXPECT_EQ(inv[0].cli->name, "GitHub Copilot CLI");
  EXPECT_EQ(text(inv[0]), "/usr/local/bin/copilot");
  EXPECT_TRUE(inv[0].under_firewall);
  EXPECT_FALSE(inv[0].under_stepguard);
  // Inside the quoted `-c` script, offsets still point into the outer text.
  EXPECT_EQ(inv[1].cli->name, "Claude Code");
  EXPECT_EQ(text(inv[1]), "claude");
  EXPECT_TRUE(inv[1].under_firewall);
  EXPECT_EQ(
      script.substr(inv[1].line_begin, inv[1].line_end - inv[1].line_begin),
      "claude -p hi --yolo");
  EXPECT_EQ(text(inv[2]), "codex");
  EXPECT_FALSE(inv[2].under_firewall);
  EXPECT_EQ(text(inv[3]), "gemini");
  EXPECT_TRUE(inv[3].under_firewall);
}

TEST(AgentsTest, UnsafeFlagsNeedTheirValue) {
  const AgentCli* codex = nullptr;
  for (const auto& c : AgentClis())
    if (c.name == "Codex CLI") codex = &c;
  ASSERT_NE(codex, nullptr);
  EXPECT_EQ(FindUnsafeFlags(*codex, "exec --sandbox workspace-write x").size(),
            0u);
  auto hits = FindUnsafeFlags(*codex, "exec --sandbox danger-full-access x");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].offset, 5u);
  EXPECT_EQ(hits[0].length, std::string("--sandbox danger-full-access").size());
  EXPECT_EQ(FindUnsafeFlags(*codex, "exec --sandbox=danger-full-access").size(),
            1u);
  EXPECT_EQ(
      FindUnsafeFlags(*codex, "exec -c sandbox_mode=\"danger-full-access\"")
          .size(),
      1u);
  EXPECT_EQ(FindUnsafeFlags(*codex, "exec 'say --yolo'").size(), 0u);
}

TEST(AgentsTest, KnownActionsMatchAnyRefAndCase) {
  EXPECT_NE(FindAgentAction("Anthropics/Claude-Code-Action@v1"), nullptr);
  EXPECT_NE(FindAgentAction(
                "openai/codex-action@0006efa62261ffd5c7bb5131ff06a84cf849ed1c"),
            nullptr);
  EXPECT_EQ(FindAgentAction("actions/checkout@v4"), nullptr);
  EXPECT_EQ(FindAgentAction("./codex-action"), nullptr);
}

TEST(AgentsTest, MaintainerOnlyTypesAreNotOutsiderEvents) {
  EXPECT_TRUE(
      IfGatesActor("github.event.comment.author_association == 'OWNER'"));
  EXPECT_FALSE(IfGatesActor("contains(github.event.comment.body, '@claude')"));
  EXPECT_TRUE(
      IfGatesActor("contains(fromJSON('[\"OWNER\"]'), "
                   "github.event.comment.author_association)"));
  EXPECT_TRUE(IfGatesActor("'octocat' == github.actor"));
  EXPECT_TRUE(IfGatesActor("!github.event.pull_request.head.repo.fork"));
  EXPECT_FALSE(IfGatesActor(
      "github.actor != 'dependabot[bot]' && github.repository_owner == 'a'"));
}

}  // namespace
}  // namespace sg::audit
