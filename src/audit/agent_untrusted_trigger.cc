#include "audit/agent_untrusted_trigger.h"

#include <cctype>
#include <set>

#include "audit/agents.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& AgentUntrustedTrigger::info() const {
  static const RuleInfo kInfo{"agent-untrusted-trigger", Severity::kHigh,
                              "coding agent started by outsiders' events "
                              "without an actor gate, holding write access "
                              "or secrets"};
  return kInfo;
}

namespace {

using Kind = model::PermissionSet::Kind;

// Secret names referenced by a list of key/value pairs (GITHUB_TOKEN aside:
// its power is the job's permissions).
void CollectSecrets(const std::vector<model::KeyValue>& kvs,
                    std::set<std::string>* out) {
  for (const auto& kv : kvs) {
    const std::string v = ToLower(kv.value.value);
    size_t at = 0;
    while ((at = v.find("secrets.", at)) != std::string::npos) {
      size_t e = at + 8;
      while (e < v.size() && (std::isalnum(static_cast<unsigned char>(v[e])) ||
                              v[e] == '_' || v[e] == '-'))
        ++e;
      std::string name = v.substr(at + 8, e - at - 8);
      at = e;
      if (name == "github_token" || name.empty()) continue;
      for (char& c : name)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out->insert(name);
    }
  }
}

}  // namespace

void AgentUntrustedTrigger::CheckStep(const StepSite& site, AuditContext& ctx) {
  if (!site.workflow || !site.job) return;
  const model::Step& step = *site.step;
  const AgentStep& agent = ctx.AgentOf(step);
  if (!agent.is_agent()) return;
  std::vector<const model::Trigger*> triggers =
      OutsiderTriggers(*site.workflow);
  if (triggers.empty()) return;
  std::string name;
  Location loc;
  if (agent.action) {
    name = std::string(agent.action->name);
    loc = ctx.At(step.uses.node, site.route + ".uses");
    // A model without tools cannot use the job's token or secrets.
    if (!AgentHasTools(*agent.action, step)) return;
    if (agent.action->checks_actor_write_access) {
      // The action refuses actors without write access unless widened.
      bool widened = false;
      for (const UnsafeInput& u : agent.action->unsafe)
        if (u.widens_trigger && InputIsUnsafe(step, u, nullptr)) widened = true;
      if (!widened) return;
    }
  } else {
    const AgentInvocation& inv = agent.invocations.front();
    name = std::string(inv.cli->name);
    loc = ctx.AtValue(step.run.node, inv.begin, inv.end, site.route + ".run");
  }
  if (JobGatesActor(*site.workflow, *site.job, step.index)) return;

  // What an attacker who steers the agent gets.
  const model::PermissionSet& perms = site.job->permissions.set()
                                          ? site.job->permissions
                                          : site.workflow->permissions;
  std::vector<std::string> writes;
  bool default_perms = false;
  switch (perms.kind) {
    case Kind::kWriteAll:
      writes.push_back("write-all");
      break;
    case Kind::kExplicit:
      for (const auto& [scope, level] : perms.scopes)
        if (level == "write") writes.push_back(scope + ": write");
      break;
    case Kind::kUnset:
      default_perms = true;
      break;
    default:
      break;
  }
  std::set<std::string> secrets;
  CollectSecrets(step.with, &secrets);
  CollectSecrets(step.env, &secrets);
  CollectSecrets(site.job->env, &secrets);
  CollectSecrets(site.workflow->env, &secrets);
  if (writes.empty() && secrets.empty() && !default_perms) return;

  std::string holds;
  if (!writes.empty()) holds = "`" + Join(writes, "`, `") + "`";
  if (!secrets.empty()) {
    std::vector<std::string> s(secrets.begin(), secrets.end());
    holds += std::string(holds.empty() ? "" : " and ") + "secret" +
             (s.size() > 1 ? "s " : " ") + "`" + Join(s, "`, `") + "`";
  }
  if (holds.empty())
    holds = "the repository's default token permissions (possibly write-all)";
  std::vector<std::string> events;
  for (const auto* t : triggers) events.push_back(t->event);
  FindingBuilder b = ctx.New(info());
  b.Confidence(writes.empty() && secrets.empty() ? Confidence::kMedium
                                                 : Confidence::kHigh)
      .Message(name + " runs on `" + Join(events, "`, `") +
               "`, which anyone can trigger, with no author-association or "
               "permission check, "
               "while holding " +
               holds)
      .At(std::move(loc))
      .Remediation(
          "Gate the job on the actor, e.g. `if: contains(fromJSON('[\"OWNER\", "
          "\"MEMBER\", \"COLLABORATOR\"]'), "
          "github.event.comment.author_association)`, "
          "and give the job only read permissions and the secrets it needs.")
      .Snippet(name + "@" + site.job->id);
  for (const auto* t : triggers) {
    Location at = ctx.At(t->node, "on." + t->event);
    at.note = "`" + t->event + "` can be triggered by anyone";
    b.Related(std::move(at));
  }
  ctx.Report(b.Build());
}

}  // namespace sg::audit
