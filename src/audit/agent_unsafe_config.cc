#include "audit/agent_unsafe_config.h"

#include "audit/agents.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& AgentUnsafeConfig::info() const {
  static const RuleInfo kInfo{
      "agent-unsafe-config", Severity::kHigh,
      "coding agent configured with its safety switched off"};
  return kInfo;
}

void AgentUnsafeConfig::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  const AgentStep& agent = ctx.AgentOf(step);
  if (!agent.is_agent()) return;
  // Worst when outsiders can start the workflow; an action's caller is unknown.
  const bool exposed = !site.workflow ||
                       !OutsiderTriggers(*site.workflow).empty() ||
                       site.workflow->on.Has("workflow_call");
  const Severity base = exposed ? Severity::kHigh : Severity::kMedium;
  auto report = [&](Location loc, const std::string& agent_name,
                    const std::string& what, std::string_view why, Severity sev,
                    const std::string& snippet) {
    ctx.Report(
        ctx.New(info())
            .Severity(sev)
            .Confidence(Confidence::kHigh)
            .Message(agent_name + ": `" + what + "` " + std::string(why) +
                     (exposed
                          ? ""
                          : " (this workflow's triggers need write access)"))
            .At(std::move(loc))
            .Remediation(
                "Remove the switch; keep the agent's sandbox and approval "
                "policy on, and restrict who can start it.")
            .Snippet(snippet)
            .Build());
  };
  if (const AgentAction* a = agent.action) {
    const std::string name(a->name);
    for (const UnsafeInput& u : a->unsafe) {
      const model::KeyValue* kv = nullptr;
      if (!InputIsUnsafe(step, u, &kv)) continue;
      Severity sev = base;
      if (u.input == "allowed_bots") sev = std::min(sev, Severity::kMedium);
      report(ctx.At(kv->value_node, site.route + ".with." + kv->key.value),
             name, kv->key.value + ": " + std::string(Trim(kv->value.value)),
             u.why, sev, std::string(u.input) + ":" + kv->value.value);
    }
    if (a->args_cli) {
      for (auto input : a->args_inputs) {
        const model::KeyValue* kv = nullptr;
        for (const auto& w : step.with)
          if (ToLower(w.key.value) == input) kv = &w;
        if (!kv || !kv->value_node || !kv->value_node->IsScalar()) continue;
        const std::string& text = kv->value_node->value;
        for (const FlagHit& h : FindUnsafeFlags(*a->args_cli, text)) {
          report(ctx.AtValue(kv->value_node, h.offset, h.offset + h.length,
                             site.route + ".with." + kv->key.value),
                 name, text.substr(h.offset, h.length), h.flag->why, base,
                 std::string(input) + ":" + text.substr(h.offset, h.length));
        }
      }
    }
  }
  if (!agent.invocations.empty()) {
    const std::string& text = step.run.node->value;
    for (const AgentInvocation& inv : agent.invocations) {
      std::string_view args =
          std::string_view(text).substr(inv.end, inv.line_end - inv.end);
      for (const FlagHit& h : FindUnsafeFlags(*inv.cli, args)) {
        const size_t b = inv.end + h.offset;
        // Inside stepguard exec, or gh-aw's firewall container with its
        // network allowlist, a sandbox still confines what it does.
        const bool confined = inv.under_stepguard || inv.under_firewall;
        report(ctx.AtValue(step.run.node, b, b + h.length, site.route + ".run"),
               std::string(inv.cli->name), text.substr(b, h.length),
               h.flag->why, confined ? Severity::kLow : base,
               text.substr(b, h.length));
      }
    }
  }
}

}  // namespace sg::audit
