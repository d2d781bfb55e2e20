#include "audit/secrets_outside_env.h"

#include <set>

#include "audit/if_conditions.h"
#include "base/strings.h"
#include "model/expr/taint.h"

namespace sg::audit {

const RuleInfo& SecretsOutsideEnv::info() const {
  static const RuleInfo kInfo{
      "secrets-outside-env", Severity::kMedium,
      "secret used by a job without a deployment environment",
      Persona::kAuditor};
  return kInfo;
}

void SecretsOutsideEnv::CheckJob(const model::Workflow&, const model::Job& job,
                                 AuditContext& ctx) {
  // Reusable-workflow calls pass secrets on; the called workflow's jobs are
  // where they are used (and audited).
  if (job.is_reusable_call() || job.environment.present()) return;
  std::set<std::string> allowed = {"github_token"};
  if (const yaml::Node* config = ctx.RuleConfig(info().id)) {
    if (const yaml::Node* allow = config->Get("allow");
        allow && allow->IsSequence()) {
      for (const yaml::Node* n : allow->items)
        if (n->IsScalar()) allowed.insert(ToLower(n->value));
    }
  }
  const std::string base = "jobs." + job.id;
  ForEachExpression(job.node, [&](const yaml::Node& scalar,
                                  const std::string& route,
                                  const ConditionExpr& e) {
    for (const expr::ContextRef& ref : expr::AllContexts(*e.root)) {
      if (!PathUnder(ref.path, "secrets")) continue;
      const std::string name = ref.path.size() > 8 ? ref.path.substr(8) : "";
      if (allowed.count(name.substr(0, name.find_first_of(".[")))) continue;
      const size_t begin = e.offset + ref.offset;
      const std::string shown(e.text.substr(ref.offset, ref.length));
      ctx.Report(
          ctx.New(info())
              .Confidence(Confidence::kHigh)
              .Message("`" + shown + "` is read by job `" + job.id +
                       "`, which has no `environment:`, so no reviewer or "
                       "branch rule "
                       "guards it")
              .At(ctx.AtValue(&scalar, begin, begin + ref.length,
                              base + "." + route))
              .Remediation(
                  "Move the secret into a deployment environment with "
                  "protection rules and add `environment: <name>` to the job.")
              .Snippet(shown)
              .Build());
    }
  });
}

}  // namespace sg::audit
