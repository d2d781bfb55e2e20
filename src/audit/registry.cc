#include "audit/registry.h"

#include "audit/agent_prompt_injection.h"
#include "audit/agent_unsafe_config.h"
#include "audit/agent_unsandboxed.h"
#include "audit/agent_untrusted_trigger.h"
#include "audit/bot_conditions.h"
#include "audit/dangerous_triggers.h"
#include "audit/excessive_permissions.h"
#include "audit/overprovisioned_secrets.h"
#include "audit/template_injection.h"
#include "audit/unpinned_uses.h"
#include "audit/unredacted_secrets.h"
#include "audit/unsound_condition.h"
#include "audit/unsound_contains.h"
#include "audit/unsound_ternary.h"

namespace sg::audit {

std::vector<std::unique_ptr<Audit>> AllAudits() {
  std::vector<std::unique_ptr<Audit>> a;
  a.push_back(std::make_unique<TemplateInjection>());
  a.push_back(std::make_unique<DangerousTriggers>());
  a.push_back(std::make_unique<ExcessivePermissions>());
  a.push_back(std::make_unique<UnpinnedUses>());
  // group C
  a.push_back(std::make_unique<AgentUnsafeConfig>());
  a.push_back(std::make_unique<AgentUntrustedTrigger>());
  a.push_back(std::make_unique<AgentPromptInjection>());
  a.push_back(std::make_unique<AgentUnsandboxed>());
  // group B
  a.push_back(std::make_unique<BotConditions>());
  a.push_back(std::make_unique<UnsoundContains>());
  a.push_back(std::make_unique<UnsoundCondition>());
  a.push_back(std::make_unique<UnsoundTernary>());
  a.push_back(std::make_unique<OverprovisionedSecrets>());
  a.push_back(std::make_unique<UnredactedSecrets>());
  return a;
}

std::set<std::string> KnownRuleIds() {
  std::set<std::string> ids = {"syntax"};
  for (const auto& a : AllAudits()) ids.insert(a->info().id);
  return ids;
}

}  // namespace sg::audit
