#include "audit/hardcoded_container_credentials.h"

#include "base/strings.h"

namespace sg::audit {

const RuleInfo& HardcodedContainerCredentials::info() const {
  static const RuleInfo kInfo{
      "hardcoded-container-credentials", Severity::kHigh,
      "container registry password written in the workflow"};
  return kInfo;
}

void HardcodedContainerCredentials::CheckCredentials(const yaml::Node* creds,
                                                     const std::string& what,
                                                     const std::string& route,
                                                     AuditContext& ctx) {
  if (!creds || !creds->IsMap()) return;
  const yaml::Node* password = creds->Get("password");
  if (!password || !password->IsScalar() || password->IsNullish()) return;
  if (password->value.find("${{") != std::string::npos) return;
  ctx.Report(
      ctx.New(info())
          .Confidence(Confidence::kHigh)
          .Message("the registry password of " + what +
                   " is written in the workflow: "
                   "anyone who can read the repository can use it")
          .At(ctx.At(password, route + ".password"))
          .Remediation("Store it as a secret and reference it: `password: ${{ "
                       "secrets.REGISTRY_PASSWORD }}`; then revoke the exposed "
                       "password.")
          .Build());
}

void HardcodedContainerCredentials::CheckJob(const model::Workflow&,
                                             const model::Job& job,
                                             AuditContext& ctx) {
  const std::string base = "jobs." + job.id;
  if (job.container)
    CheckCredentials(job.container->credentials, "the job container",
                     base + ".container.credentials", ctx);
  for (const auto& [name, svc] : job.services)
    CheckCredentials(svc.credentials, "service `" + name.value + "`",
                     base + ".services." + name.value + ".credentials", ctx);
}

}  // namespace sg::audit
