#include "audit/dependabot_execution.h"

#include <string>

#include "base/strings.h"

namespace sg::audit {

const RuleInfo& DependabotExecution::info() const {
  static const RuleInfo kInfo{"dependabot-execution", Severity::kHigh,
                              "Dependabot allowed to run dependencies' code"};
  return kInfo;
}

void DependabotExecution::CheckDependabot(const model::Dependabot& d,
                                          AuditContext& ctx) {
  for (size_t i = 0; i < d.updates.size(); ++i) {
    const model::DependabotUpdate& u = d.updates[i];
    const model::Str& v = u.insecure_external_code_execution;
    if (!v.present() || ToLower(Trim(v.value)) != "allow") continue;
    const std::string route = "updates[" + std::to_string(i) + "]";
    FindingBuilder b = ctx.New(info());
    b.Confidence(Confidence::kHigh)
        .Message("Dependabot may execute code from `" + u.ecosystem.value +
                 "` dependencies while updating them" +
                 (u.registries.empty()
                      ? std::string()
                      : ", with this update's registry credentials at hand"))
        .At(ctx.At(v.node, route + ".insecure-external-code-execution"))
        .Remediation(
            "Set `insecure-external-code-execution: deny` (or remove it; deny "
            "is the "
            "default when registries are configured) and vendor or pin "
            "packages "
            "whose resolution needs code execution.");
    if (u.ecosystem.node)
      b.Related(ctx.At(u.ecosystem.node, route + ".package-ecosystem"));
    ctx.Report(b.Build());
  }
}

}  // namespace sg::audit
