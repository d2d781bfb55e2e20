#include "audit/registry.h"

#include "audit/dangerous_triggers.h"
#include "audit/excessive_permissions.h"
#include "audit/template_injection.h"
#include "audit/unpinned_uses.h"

namespace sg::audit {

std::vector<std::unique_ptr<Audit>> AllAudits() {
  std::vector<std::unique_ptr<Audit>> a;
  a.push_back(std::make_unique<TemplateInjection>());
  a.push_back(std::make_unique<DangerousTriggers>());
  a.push_back(std::make_unique<ExcessivePermissions>());
  a.push_back(std::make_unique<UnpinnedUses>());
  return a;
}

std::set<std::string> KnownRuleIds() {
  std::set<std::string> ids = {"syntax"};
  for (const auto& a : AllAudits()) ids.insert(a->info().id);
  return ids;
}

}  // namespace sg::audit
