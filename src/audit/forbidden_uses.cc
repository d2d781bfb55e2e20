#include "audit/forbidden_uses.h"

#include <vector>

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& ForbiddenUses::info() const {
  static const RuleInfo kInfo{
      "forbidden-uses", Severity::kHigh,
      "action or reusable workflow not allowed by the policy"};
  return kInfo;
}

bool UsesPatternMatches(std::string_view pattern_in, std::string_view uses) {
  UsesRef r = ParseUses(uses);
  if (r.kind != UsesRef::Kind::kRepository) return false;
  std::string pattern = ToLower(Trim(pattern_in));
  if (pattern == "*") return true;
  std::string ref;
  if (size_t at = pattern.find('@'); at != std::string::npos) {
    ref = pattern.substr(at + 1);
    pattern.resize(at);
  }
  std::vector<std::string> parts = Split(pattern, '/');
  if (parts.size() < 2) return false;
  const std::string owner = parts[0], repo = parts[1];
  std::string path;
  for (size_t i = 2; i < parts.size(); ++i)
    path += (path.empty() ? "" : "/") + parts[i];
  if (!GlobMatch(owner, ToLower(r.owner), false) ||
      !GlobMatch(repo, ToLower(r.repo), false))
    return false;
  if (!path.empty() && !GlobMatch(path, ToLower(r.subpath), false))
    return false;
  // `owner/*` covers every repository of the owner, paths included.
  if (!ref.empty() && !GlobMatch(ref, ToLower(r.ref), false)) return false;
  return true;
}

namespace {

std::vector<std::string> ConfigList(const yaml::Node* config,
                                    std::string_view key) {
  std::vector<std::string> out;
  const yaml::Node* n = config && config->IsMap() ? config->Get(key) : nullptr;
  if (!n) return out;
  if (n->IsScalar()) out.push_back(n->value);
  for (const yaml::Node* i : n->items)
    if (i->IsScalar()) out.push_back(i->value);
  return out;
}

}  // namespace

void ForbiddenUses::CheckUsesRef(const model::Str& uses,
                                 const std::string& route, AuditContext& ctx) {
  if (!uses.node || uses.value.find("${{") != std::string::npos) return;
  if (ParseUses(uses.value).kind != UsesRef::Kind::kRepository) return;
  const yaml::Node* config = ctx.RuleConfig(info().id);
  std::vector<std::string> allow = ctx.policy().workflows.allowed_actions;
  for (auto& p : ConfigList(config, "allow")) allow.push_back(std::move(p));
  const std::vector<std::string> deny = ConfigList(config, "deny");
  std::string why;
  for (const auto& p : deny) {
    if (UsesPatternMatches(p, uses.value)) {
      why = "it matches the denied pattern `" + p + "`";
      break;
    }
  }
  if (why.empty() && !allow.empty()) {
    bool allowed = false;
    for (const auto& p : allow)
      allowed = allowed || UsesPatternMatches(p, uses.value);
    if (!allowed) why = "it matches none of the allowed patterns";
  }
  if (why.empty()) return;
  ctx.Report(
      ctx.New(info())
          .Confidence(Confidence::kHigh)
          .Message("`" + uses.value + "` is forbidden by the policy: " + why)
          .At(ctx.At(uses.node, route))
          .Remediation(
              "Use an allowed action, or add it to `workflows.allowed-actions` "
              "after reviewing it.")
          .Snippet(uses.value)
          .Build());
}

}  // namespace sg::audit
