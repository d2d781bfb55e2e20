#include "audit/insecure_commands.h"

#include "base/strings.h"

namespace sg::audit {

const RuleInfo& InsecureCommands::info() const {
  static const RuleInfo kInfo{
      "insecure-commands", Severity::kHigh,
      "deprecated ::set-env / ::add-path workflow commands re-enabled"};
  return kInfo;
}

bool RunnerTruthy(std::string_view value) {
  const std::string v = ToLower(Trim(value));
  return v == "true" || v == "1" || v == "$true";
}

void InsecureCommands::CheckEnv(const std::vector<model::KeyValue>& env,
                                const yaml::Node* env_node,
                                const std::string& route, AuditContext& ctx) {
  if (env_node && env_node->IsScalar() &&
      env_node->value.find("${{") != std::string::npos) {
    ctx.Report(ctx.New(info())
                   .Confidence(Confidence::kLow)
                   .Message("`env:` is computed by an expression and may set "
                            "ACTIONS_ALLOW_UNSECURE_COMMANDS")
                   .At(ctx.At(env_node, route))
                   .Build());
    return;
  }
  for (const model::KeyValue& kv : env) {
    if (kv.key.value != "ACTIONS_ALLOW_UNSECURE_COMMANDS") continue;
    const std::string& v = kv.value.value;
    const bool expr = v.find("${{") != std::string::npos;
    if (!expr && !RunnerTruthy(v)) continue;
    ctx.Report(
        ctx.New(info())
            .Confidence(expr ? Confidence::kLow : Confidence::kHigh)
            .Message(expr ? "ACTIONS_ALLOW_UNSECURE_COMMANDS is set by an "
                            "expression and "
                            "may re-enable `::set-env` and `::add-path`"
                          : "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables "
                            "`::set-env` and "
                            "`::add-path`: any output a step prints can set "
                            "environment "
                            "variables and PATH for every later step")
            .At(ctx.At(kv.key.node, route + "." + kv.key.value))
            .Remediation(
                "Remove ACTIONS_ALLOW_UNSECURE_COMMANDS and write to the "
                "`$GITHUB_ENV` / `$GITHUB_PATH` files instead; upgrade actions "
                "that still print `::set-env`.")
            .Snippet(kv.key.value + ": " + v)
            .Build());
  }
}

void InsecureCommands::CheckWorkflow(const model::Workflow& wf,
                                     AuditContext& ctx) {
  CheckEnv(wf.env, wf.env_node, "env", ctx);
}

void InsecureCommands::CheckJob(const model::Workflow&, const model::Job& job,
                                AuditContext& ctx) {
  CheckEnv(job.env, job.env_node, "jobs." + job.id + ".env", ctx);
  if (job.container)
    CheckEnv(job.container->env, nullptr, "jobs." + job.id + ".container.env",
             ctx);
}

void InsecureCommands::CheckStep(const StepSite& site, AuditContext& ctx) {
  CheckEnv(site.step->env, site.step->env_node, site.route + ".env", ctx);
}

}  // namespace sg::audit
