#include "audit/excessive_permissions.h"

#include <string>

namespace sg::audit {

const RuleInfo& ExcessivePermissions::info() const {
  static const RuleInfo kInfo{"excessive-permissions", Severity::kMedium,
                              "GITHUB_TOKEN permissions broader than needed"};
  return kInfo;
}

namespace {

using Kind = model::PermissionSet::Kind;

// Scopes whose write access lets a compromised job change code, releases or
// settings (as opposed to, say, posting a status).
bool IsDangerousWrite(const std::string& scope) {
  return scope == "contents" || scope == "actions" || scope == "packages" ||
         scope == "pull-requests" || scope == "id-token" ||
         scope == "security-events" || scope == "deployments" ||
         scope == "checks" || scope == "statuses" || scope == "issues" ||
         scope == "pages" || scope == "repository-projects" ||
         scope == "attestations" || scope == "discussions";
}

// A workflow only other workflows call: its jobs' token is the caller's,
// whose `permissions:` decide (a called workflow can only narrow them).
bool ReusableOnly(const model::Workflow& wf) {
  bool only = !wf.on.events.empty();
  for (const model::Trigger& t : wf.on.events)
    only = only && t.event == "workflow_call";
  return only;
}

// `read-all` reads every scope (packages, actions artifacts, security
// alerts, ...) where almost every job needs `contents: read` at most.
void ReportReadAll(const model::PermissionSet& p, const std::string& route,
                   const std::string& who, const RuleInfo& rule,
                   AuditContext& ctx) {
  ctx.Report(ctx.New(rule)
                 .Severity(Severity::kLow)
                 .Confidence(Confidence::kHigh)
                 .Message("`permissions: read-all` gives " + who +
                          " read access to every scope, where `contents: "
                          "read` is usually all it needs")
                 .At(ctx.At(p.node, route))
                 .Remediation("List the scopes that are read, e.g. "
                              "`permissions: {contents: read}`.")
                 .Snippet("read-all")
                 .Build());
}

bool IsPrivilegedTrigger(const model::Workflow& wf) {
  return wf.on.Has("pull_request_target") || wf.on.Has("workflow_run") ||
         wf.on.Has("issue_comment") || wf.on.Has("issues");
}

}  // namespace

void ExcessivePermissions::CheckWorkflow(const model::Workflow& wf,
                                         AuditContext& ctx) {
  const model::PermissionSet& p = wf.permissions;
  if (p.kind == Kind::kWriteAll) {
    ctx.Report(
        ctx.New(info())
            .Severity(Severity::kHigh)
            .Confidence(Confidence::kHigh)
            .Message("`permissions: write-all` gives every job in this "
                     "workflow write "
                     "access to every scope")
            .At(ctx.At(p.node, "permissions"))
            .Remediation(
                "Set `permissions: {}` (or `contents: read`) at workflow level "
                "and grant each job only the scopes it uses.")
            .Snippet("write-all")
            .Build());
    return;
  }
  if (p.kind == Kind::kReadAll) {
    ReportReadAll(p, "permissions", "every job in this workflow", info(), ctx);
    return;
  }
  if (p.kind == Kind::kExplicit) {
    // Workflow-level write scopes apply to every job, including ones that
    // do not need them. Only worth saying when there is more than one job.
    if (wf.jobs.size() < 2) return;
    for (const auto& [scope, level] : p.scopes) {
      if (level != "write" || !IsDangerousWrite(scope)) continue;
      ctx.Report(
          ctx.New(info())
              .Severity(Severity::kMedium)
              .Confidence(Confidence::kMedium)
              .Message("`" + scope +
                       ": write` at workflow level applies to all " +
                       std::to_string(wf.jobs.size()) + " jobs")
              .At(ctx.At(p.scope_nodes.at(scope), "permissions." + scope))
              .Remediation(
                  "Move the write permission to the job that needs it.")
              .Snippet(scope + ": write")
              .Build());
    }
  }
}

void ExcessivePermissions::CheckJob(const model::Workflow& wf,
                                    const model::Job& job, AuditContext& ctx) {
  const model::PermissionSet& p = job.permissions;
  const std::string route = "jobs." + job.id;
  if (p.kind == Kind::kWriteAll) {
    ctx.Report(
        ctx.New(info())
            .Severity(Severity::kHigh)
            .Confidence(Confidence::kHigh)
            .Message("job `" + job.id + "` has `permissions: write-all`")
            .At(ctx.At(p.node, route + ".permissions"))
            .Remediation(
                "List only the scopes this job uses, e.g. `contents: read`.")
            .Snippet("write-all")
            .Build());
    return;
  }
  if (p.kind == Kind::kReadAll) {
    ReportReadAll(p, route + ".permissions", "job `" + job.id + "`", info(),
                  ctx);
    return;
  }
  if (p.set() || wf.permissions.set()) return;
  // In a reusable-only workflow the caller's permissions apply; a job that
  // calls another workflow is itself a caller and stays reported.
  if (ReusableOnly(wf) && !job.is_reusable_call()) return;
  // Neither the job nor the workflow sets permissions: the token gets the
  // repository/organisation default, which may be write-all.
  const bool privileged = IsPrivilegedTrigger(wf);
  ctx.Report(
      ctx.New(info())
          .Severity(privileged ? Severity::kHigh : Severity::kMedium)
          .Confidence(Confidence::kMedium)
          .Message("job `" + job.id +
                   "` sets no `permissions:` and neither does the " +
                   "workflow, so its token gets the repository default, which "
                   "may be "
                   "write access to every scope" +
                   (privileged
                        ? " (and this workflow reacts to outsiders' events)"
                        : ""))
          .At(ctx.At(job.key_node, route))
          .Remediation(
              "Add `permissions: {}` or `permissions: {contents: read}` at "
              "workflow level and grant jobs what they need.")
          .Snippet("implicit-default:" + job.id)
          .Build());
}

}  // namespace sg::audit
