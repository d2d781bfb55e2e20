#include "audit/registry.h"

#include "audit/adhoc_packages.h"
#include "audit/agent_prompt_injection.h"
#include "audit/agent_unsafe_config.h"
#include "audit/agent_unsandboxed.h"
#include "audit/agent_untrusted_trigger.h"
#include "audit/anonymous_definition.h"
#include "audit/archived_uses.h"
#include "audit/artifact_poisoning.h"
#include "audit/artipacked.h"
#include "audit/bot_conditions.h"
#include "audit/cache_poisoning.h"
#include "audit/concurrency_limits.h"
#include "audit/dangerous_triggers.h"
#include "audit/dependabot_cooldown.h"
#include "audit/dependabot_execution.h"
#include "audit/excessive_permissions.h"
#include "audit/expression.h"
#include "audit/forbidden_uses.h"
#include "audit/github_app.h"
#include "audit/github_env.h"
#include "audit/hardcoded_container_credentials.h"
#include "audit/insecure_commands.h"
#include "audit/misfeature.h"
#include "audit/obfuscation.h"
#include "audit/overprovisioned_secrets.h"
#include "audit/secrets_inherit.h"
#include "audit/secrets_outside_env.h"
#include "audit/self_hosted_runner.h"
#include "audit/superfluous_actions.h"
#include "audit/syntax.h"
#include "audit/template_injection.h"
#include "audit/typosquat_uses.h"
#include "audit/undocumented_permissions.h"
#include "audit/unpinned_images.h"
#include "audit/unpinned_tools.h"
#include "audit/unpinned_uses.h"
#include "audit/unredacted_secrets.h"
#include "audit/unsound_condition.h"
#include "audit/unsound_contains.h"
#include "audit/unsound_ternary.h"
#include "audit/untrusted_checkout.h"
#include "audit/use_trusted_publishing.h"

namespace sg::audit {

std::vector<std::unique_ptr<Audit>> AllAudits() {
  std::vector<std::unique_ptr<Audit>> a;
  a.push_back(std::make_unique<TemplateInjection>());
  a.push_back(std::make_unique<DangerousTriggers>());
  a.push_back(std::make_unique<ExcessivePermissions>());
  a.push_back(std::make_unique<UnpinnedUses>());
  // group A
  a.push_back(std::make_unique<Artipacked>());
  a.push_back(std::make_unique<SelfHostedRunner>());
  a.push_back(std::make_unique<SecretsInherit>());
  a.push_back(std::make_unique<InsecureCommands>());
  a.push_back(std::make_unique<GithubEnv>());
  a.push_back(std::make_unique<CachePoisoning>());
  a.push_back(std::make_unique<HardcodedContainerCredentials>());
  a.push_back(std::make_unique<UnpinnedImages>());
  a.push_back(std::make_unique<ForbiddenUses>());
  a.push_back(std::make_unique<UseTrustedPublishing>());
  a.push_back(std::make_unique<AnonymousDefinition>());
  a.push_back(std::make_unique<ConcurrencyLimits>());
  a.push_back(std::make_unique<UndocumentedPermissions>());
  a.push_back(std::make_unique<DependabotExecution>());
  a.push_back(std::make_unique<DependabotCooldown>());
  a.push_back(std::make_unique<BotConditions>());
  a.push_back(std::make_unique<UnsoundContains>());
  a.push_back(std::make_unique<UnsoundCondition>());
  a.push_back(std::make_unique<UnsoundTernary>());
  a.push_back(std::make_unique<OverprovisionedSecrets>());
  a.push_back(std::make_unique<UnredactedSecrets>());
  a.push_back(std::make_unique<Obfuscation>());
  a.push_back(std::make_unique<Misfeature>());
  a.push_back(std::make_unique<GithubApp>());
  a.push_back(std::make_unique<SecretsOutsideEnv>());
  a.push_back(std::make_unique<ArchivedUses>());
  a.push_back(std::make_unique<UnpinnedTools>());
  a.push_back(std::make_unique<SuperfluousActions>());
  a.push_back(std::make_unique<AdhocPackages>());
  a.push_back(std::make_unique<TyposquatUses>());
  // group C
  a.push_back(std::make_unique<AgentUnsafeConfig>());
  a.push_back(std::make_unique<AgentUntrustedTrigger>());
  a.push_back(std::make_unique<AgentPromptInjection>());
  a.push_back(std::make_unique<AgentUnsandboxed>());
  a.push_back(std::make_unique<UntrustedCheckout>());
  a.push_back(std::make_unique<ArtifactPoisoning>());
  a.push_back(std::make_unique<Syntax>());
  a.push_back(std::make_unique<Expression>());
  return a;
}

std::set<std::string> KnownRuleIds() {
  std::set<std::string> ids = {"syntax"};
  for (const auto& a : AllAudits()) ids.insert(a->info().id);
  return ids;
}

}  // namespace sg::audit
