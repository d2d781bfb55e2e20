#include "audit/unpinned_tools.h"

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

namespace {

struct ToolAction {
  std::string_view slug;   // owner/repo, lower-case
  std::string_view input;  // the input that selects the tool's version
  std::string_view tool;
};

// Actions whose tool-version input defaults to the newest release. Source:
// each action's action.yml (`default: latest`, or no default meaning
// latest), checked at the versions current in 2025.
constexpr ToolAction kTools[] = {
    {"1password/load-secrets-action", "version", "1Password CLI"},
    {"aquasecurity/trivy-action", "version", "Trivy"},
    {"azure/setup-helm", "version", "Helm"},
    {"azure/setup-kubectl", "version", "kubectl"},
    {"hashicorp/setup-terraform", "terraform_version", "Terraform"},
};

}  // namespace

const RuleInfo& UnpinnedTools::info() const {
  static const RuleInfo kInfo{
      "unpinned-tools", Severity::kMedium,
      "action installs its tool at an unpinned (latest) version"};
  return kInfo;
}

void UnpinnedTools::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  if (!step.uses.present() || step.uses.value.find("${{") != std::string::npos)
    return;
  UsesRef r = ParseUses(step.uses.value);
  if (r.kind != UsesRef::Kind::kRepository || !r.subpath.empty()) return;
  const std::string slug = ToLower(r.slug());
  for (const ToolAction& t : kTools) {
    if (slug != t.slug) continue;
    if (step.with_node && !step.with_node->IsMap()) return;  // `with: ${{ }}`
    const model::KeyValue* version = step.With(t.input);
    const std::string input(t.input);
    if (version &&
        ToLower(std::string(Trim(version->value.value))) != "latest" &&
        !Trim(version->value.value).empty())
      return;
    ctx.Report(
        ctx.New(info())
            .Confidence(Confidence::kHigh)
            .Message(std::string(version ? "`" + input + ": latest`"
                                         : "no `" + input + ":`") +
                     ": `" + r.slug() + "` installs the newest " +
                     std::string(t.tool) +
                     " release each run, so pinning the action does not pin "
                     "the tool")
            .At(version
                    ? ctx.At(version->value.node, site.route + ".with." + input)
                    : ctx.At(step.uses.node, site.route + ".uses"))
            .Remediation(
                "Set `" + input + ":` to an exact release (e.g. `" + input +
                ": 1.2.3`) and update it deliberately (Dependabot and Renovate "
                "can track it).")
            .Snippet(step.uses.value)
            .Build());
    return;
  }
}

}  // namespace sg::audit
