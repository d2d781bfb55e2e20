#include "audit/secrets_inherit.h"

namespace sg::audit {

const RuleInfo& SecretsInherit::info() const {
  static const RuleInfo kInfo{
      "secrets-inherit", Severity::kMedium,
      "reusable workflow called with every secret of the caller"};
  return kInfo;
}

void SecretsInherit::CheckJob(const model::Workflow&, const model::Job& job,
                              AuditContext& ctx) {
  if (!job.is_reusable_call() || !job.secrets_inherit) return;
  ctx.Report(
      ctx.New(info())
          .Confidence(Confidence::kHigh)
          .Message("`" + job.uses.value +
                   "` is called with `secrets: inherit`: it "
                   "receives every secret this workflow can read, not only "
                   "those it needs")
          .At(ctx.At(job.secrets_node, "jobs." + job.id + ".secrets"))
          .Related(ctx.At(job.uses.node, "jobs." + job.id + ".uses"))
          .Remediation(
              "Pass only the secrets the called workflow declares: `secrets: "
              "{NPM_TOKEN: ${{ secrets.NPM_TOKEN }}}`.")
          .Snippet("secrets: inherit")
          .Build());
}

}  // namespace sg::audit
