#include "audit/dangerous_triggers.h"

namespace sg::audit {

const RuleInfo& DangerousTriggers::info() const {
  static const RuleInfo kInfo{"dangerous-triggers", Severity::kHigh,
                              "pull_request_target or workflow_run trigger"};
  return kInfo;
}

void DangerousTriggers::CheckWorkflow(const model::Workflow& wf,
                                      AuditContext& ctx) {
  for (const model::Trigger& t : wf.on.events) {
    std::string why;
    if (t.event == "pull_request_target") {
      why =
          "runs in the context of the base repository, with its secrets and a "
          "write-capable GITHUB_TOKEN, for pull requests from forks";
    } else if (t.event == "workflow_run") {
      why =
          "runs with the repository's secrets and a write-capable GITHUB_TOKEN "
          "after "
          "a workflow that a fork's pull request can trigger";
    } else {
      continue;
    }
    ctx.Report(
        ctx.New(info())
            .Confidence(Confidence::kMedium)
            .Message("`" + t.event + "` " + why)
            .At(ctx.At(t.node, "on." + t.event))
            .Remediation(
                t.event == "pull_request_target"
                    ? "Use `pull_request` unless the job needs secrets or "
                      "write "
                      "access; if it does, never check out or run the pull "
                      "request's code, and gate the job on an approval "
                      "(environment) or a label."
                    : "Treat everything from the triggering run (artifacts, "
                      "branch names, outputs) as untrusted input.")
            .Snippet(t.event)
            .Build());
  }
}

}  // namespace sg::audit
