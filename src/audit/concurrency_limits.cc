#include "audit/concurrency_limits.h"

#include <string>

namespace sg::audit {

const RuleInfo& ConcurrencyLimits::info() const {
  static const RuleInfo kInfo{
      "concurrency-limits", Severity::kLow,
      "runs not limited by a concurrency group with cancel-in-progress",
      Persona::kPedantic};
  return kInfo;
}

void ConcurrencyLimits::CheckWorkflow(const model::Workflow& wf,
                                      AuditContext& ctx) {
  auto bare = [&](const yaml::Node* c, const std::string& route,
                  const std::string& what) {
    ctx.Report(
        ctx.New(info())
            .Confidence(Confidence::kHigh)
            .Message(
                what +
                " `concurrency:` names a group but not `cancel-in-progress`: "
                "superseded runs keep queuing")
            .At(ctx.At(c, route))
            .Remediation(
                "Use `concurrency: {group: ..., cancel-in-progress: true}` "
                "(or `false` to keep queuing deliberately).")
            .Build());
  };
  // A workflow only other workflows call runs inside its caller's run; the
  // caller's concurrency group is the one that cancels superseded runs.
  bool reusable_only = !wf.on.events.empty();
  for (const model::Trigger& t : wf.on.events)
    reusable_only = reusable_only && t.event == "workflow_call";
  if (reusable_only) return;
  if (wf.concurrency) {
    if (wf.concurrency->IsScalar())
      bare(wf.concurrency, "concurrency", "the workflow's");
    return;
  }
  const model::Job* missing = nullptr;
  for (const model::Job& job : wf.jobs) {
    if (job.is_reusable_call()) continue;
    if (!job.concurrency) {
      if (!missing) missing = &job;
      continue;
    }
    if (job.concurrency->IsScalar())
      bare(job.concurrency, "jobs." + job.id + ".concurrency",
           "job `" + job.id + "`'s");
  }
  if (!missing) return;
  const yaml::Node* root = ctx.doc().root();
  const yaml::Node* at = wf.on.key_node ? wf.on.key_node
                         : root && root->IsMap() && !root->entries.empty()
                             ? root->entries.front().first
                             : root;
  ctx.Report(
      ctx.New(info())
          .Confidence(Confidence::kHigh)
          .Message("the workflow sets no `concurrency:` (nor does job `" +
                   missing->id +
                   "`): every trigger starts another run, and superseded runs "
                   "are not "
                   "cancelled")
          .At(ctx.At(at, ""))
          .Remediation(
              "Add `concurrency: {group: ${{ github.workflow }}-${{ github.ref "
              "}}, cancel-in-progress: true}` at the top level.")
          .Build());
}

}  // namespace sg::audit
