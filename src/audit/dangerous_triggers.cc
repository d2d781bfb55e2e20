#include "audit/dangerous_triggers.h"

#include <string>

#include "audit/agents.h"
#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& DangerousTriggers::info() const {
  static const RuleInfo kInfo{
      "dangerous-triggers", Severity::kHigh,
      "pull_request_target or workflow_run trigger, or an issue_comment job "
      "that does not check who commented"};
  return kInfo;
}

namespace {

// Actions made for pull_request_target that read only the pull request's
// metadata and never run its code: a workflow of nothing else is the
// intended, safe use of the trigger.
bool MetadataOnlyAction(std::string_view uses) {
  return IsAction(uses, "actions/labeler");
}

bool OnlyMetadataSteps(const model::Workflow& wf) {
  if (wf.jobs.empty()) return false;
  for (const model::Job& job : wf.jobs) {
    if (job.is_reusable_call() || job.steps.empty()) return false;
    for (const model::Step& s : job.steps)
      if (!s.uses.present() || !MetadataOnlyAction(s.uses.value)) return false;
  }
  return true;
}

// An author-association check that admits only contributors, first-timers
// or anyone (`== 'CONTRIBUTOR'`): any outsider can become one with a typo
// fix, so it gates nothing.
bool WeakAssociationGuard(std::string_view condition) {
  const std::string c = ToLower(condition);
  if (c.find("author_association") == std::string::npos) return false;
  for (std::string_view strong :
       {"'owner'", "'member'", "'collaborator'", "\"owner\"", "\"member\"",
        "\"collaborator\""})
    if (c.find(strong) != std::string::npos) return false;
  return true;
}

// True when `job`, or a job it needs, runs in a deployment environment,
// whose required reviewers (invisible from here) would hold the run.
bool BehindEnvironment(const model::Workflow& wf, const model::Job& job,
                       int depth = 0) {
  if (job.environment.present()) return true;
  if (depth > 8) return false;
  for (const model::Str& need : job.needs) {
    const model::Job* j = wf.FindJob(need.value);
    if (j && j != &job && BehindEnvironment(wf, *j, depth + 1)) return true;
  }
  return false;
}

// Jobs of an issue_comment workflow that anyone's comment starts without a
// check of who wrote it (author association, actor allow-list, permission
// query, or a gated job they need).
void CheckCommentGuards(const model::Workflow& wf, const RuleInfo& rule,
                        AuditContext& ctx) {
  if (!wf.on.Has("issue_comment")) return;
  for (const model::Job& job : wf.jobs) {
    // A step `if:` guards only that step; a permission lookup fails the job.
    bool gated =
        JobGatesActor(wf, job, -1) &&
        !(job.if_cond.present() && WeakAssociationGuard(job.if_cond.value));
    for (const model::Step& s : job.steps)
      gated = gated || StepChecksPermission(s);
    // An agent action that refuses actors without write access (unless told
    // otherwise) gates the job when it runs first.
    if (!job.steps.empty()) {
      const AgentStep first = ClassifyAgentStep(job.steps.front());
      if (first.action && first.action->checks_actor_write_access) {
        bool widened = false;
        for (const UnsafeInput& u : first.action->unsafe)
          widened = widened || (u.widens_trigger &&
                                InputIsUnsafe(job.steps.front(), u, nullptr));
        gated = gated || !widened;
      }
    }
    if (gated) continue;
    // A deployment environment may require a reviewer; that cannot be seen
    // from the workflow.
    ctx.Report(
        ctx.New(rule)
            .Severity(Severity::kMedium)
            .Confidence(BehindEnvironment(wf, job) ? Confidence::kLow
                                                   : Confidence::kMedium)
            .Message("job `" + job.id +
                     "` runs on `issue_comment`, which anyone can "
                     "trigger with a comment, with the repository's "
                     "secrets and token, and does not check the "
                     "commenter's author association or permission")
            .At(ctx.At(job.key_node, "jobs." + job.id))
            .Remediation("Gate the job: `if: contains(fromJSON('[\"OWNER\", "
                         "\"MEMBER\", \"COLLABORATOR\"]'), "
                         "github.event.comment.author_association)`.")
            .Snippet("issue_comment:" + job.id)
            .Build());
  }
}

}  // namespace

void DangerousTriggers::CheckWorkflow(const model::Workflow& wf,
                                      AuditContext& ctx) {
  CheckCommentGuards(wf, info(), ctx);
  for (const model::Trigger& t : wf.on.events) {
    std::string why;
    if (t.event == "pull_request_target") {
      if (OnlyMetadataSteps(wf)) continue;
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
