#include "audit/anonymous_definition.h"

#include "base/strings.h"

namespace sg::audit {

const RuleInfo& AnonymousDefinition::info() const {
  static const RuleInfo kInfo{"anonymous-definition", Severity::kLow,
                              "workflow or job without a name",
                              Persona::kPedantic};
  return kInfo;
}

void AnonymousDefinition::CheckWorkflow(const model::Workflow& wf,
                                        AuditContext& ctx) {
  if (wf.name.present() && !Trim(wf.name.value).empty()) return;
  // Anchor on the first key of the document (usually `on:`).
  const yaml::Node* root = ctx.doc().root();
  const yaml::Node* at = root && root->IsMap() && !root->entries.empty()
                             ? root->entries.front().first
                             : root;
  ctx.Report(
      ctx.New(info())
          .Severity(Severity::kLow)
          .Confidence(Confidence::kHigh)
          .Message("workflow has no `name:`; runs, required checks and logs "
                   "show only "
                   "its file path")
          .At(ctx.At(at, ""))
          .Remediation("Add a top-level `name:` describing the workflow.")
          .Build());
}

void AnonymousDefinition::CheckJob(const model::Workflow&,
                                   const model::Job& job, AuditContext& ctx) {
  if (job.is_reusable_call()) return;
  if (job.name.present() && !Trim(job.name.value).empty()) return;
  ctx.Report(ctx.New(info())
                 .Severity(Severity::kInfo)
                 .Confidence(Confidence::kHigh)
                 .Message("job `" + job.id + "` has no `name:`")
                 .At(ctx.At(job.key_node, "jobs." + job.id))
                 .Remediation("Add `name:` to the job.")
                 .Build());
}

}  // namespace sg::audit
