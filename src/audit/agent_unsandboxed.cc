#include "audit/agent_unsandboxed.h"

#include "audit/agents.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& AgentUnsandboxed::info() const {
  static const RuleInfo kInfo{
      "agent-unsandboxed", Severity::kInfo,
      "coding agent runs directly on the runner, not under stepguard exec"};
  return kInfo;
}

void AgentUnsandboxed::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  const AgentStep& agent = ctx.AgentOf(step);
  const std::string fix =
      "Run the agent CLI under `stepguard exec -- <agent> ...` so its file "
      "system, network "
      "and credentials are confined by the policy.";
  if (agent.action) {
    ctx.Report(
        ctx.New(info())
            .Confidence(Confidence::kHigh)
            .Message(
                std::string(agent.action->name) +
                " runs directly on the runner with the job's token, files and "
                "network; stepguard exec does not confine it")
            .At(ctx.At(step.uses.node, site.route + ".uses"))
            .Remediation(fix)
            .Snippet(std::string(agent.action->uses))
            .Build());
  }
  for (const AgentInvocation& inv : agent.invocations) {
    if (inv.under_stepguard) continue;
    ctx.Report(
        ctx.New(info())
            .Confidence(Confidence::kHigh)
            .Message(std::string(inv.cli->name) +
                     (inv.under_firewall
                          ? " runs in gh-aw's firewall container (a network "
                            "allowlist; files, processes and the environment "
                            "are not confined), not under `stepguard exec`"
                          : " runs directly on the runner, not under "
                            "`stepguard exec`"))
            .At(ctx.AtValue(step.run.node, inv.begin, inv.end,
                            site.route + ".run"))
            .Remediation(fix)
            .Snippet(
                step.run.node->value.substr(inv.begin, inv.end - inv.begin))
            .Build());
  }
}

}  // namespace sg::audit
