#include "audit/untrusted_checkout.h"

#include "audit/agents.h"
#include "audit/checkout_exec.h"
#include "audit/taint.h"
#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& UntrustedCheckout::info() const {
  static const RuleInfo kInfo{
      "untrusted-checkout", Severity::kHigh,
      "privileged workflow checks out pull request code and executes it"};
  return kInfo;
}

namespace {

// Context paths and taint sources that name the pull request's head (its
// branch, commit or merge ref). Source: GitHub Docs webhook payloads for
// pull_request, workflow_run and issue_comment.
bool NamesPullRequestHead(std::string_view s) {
  const std::string t = ToLower(s);
  for (std::string_view needle :
       {"pull_request.head.", "github.head_ref", "workflow_run.head_",
        "workflow_run.head.", "merge_commit_sha", "refs/pull/", "pull/",
        "head branch", "head commit", "pull_requests[", "pull_requests.*"})
    if (t.find(needle) != std::string::npos) return true;
  return false;
}

struct CheckoutHit {
  std::string path;  // `with: path` of the checkout ("" = workspace root)
  const model::Step* step = nullptr;
  std::string how;  // what it checks out
  const yaml::Node* node = nullptr;
  std::string route;
};

}  // namespace

void UntrustedCheckout::CheckJob(const model::Workflow& wf,
                                 const model::Job& job, AuditContext& ctx) {
  const bool prt = wf.on.Has("pull_request_target");
  const bool wrun = wf.on.Has("workflow_run");
  const bool comment = wf.on.Has("issue_comment");
  if (!prt && !wrun && !comment) return;
  TaintTracker tracker(ctx.repo());
  const std::string jroute = "jobs." + job.id;
  std::optional<CheckoutHit> checkout;
  std::vector<std::string> trusted_paths;
  for (const model::Step& step : job.steps) {
    const std::string route =
        jroute + ".steps[" + std::to_string(step.index) + "]";
    if (!checkout) {
      TaintScope scope;
      scope.file = &ctx.file();
      scope.workflow = &wf;
      scope.job = &job;
      scope.step = &step;
      scope.step_index = step.index;
      if (IsAction(step.uses.value, "actions/checkout")) {
        for (const char* key : {"ref", "repository"}) {
          const model::KeyValue* kv = step.With(key);
          if (!kv || !kv->value_node) continue;
          bool head = NamesPullRequestHead(kv->value.value);
          std::string how = kv->value.value;
          if (!head) {
            for (const Taint& t :
                 tracker.OfText(kv->value.value, scope, false)) {
              if (NamesPullRequestHead(t.source) ||
                  NamesPullRequestHead(t.chain)) {
                head = true;
                how = t.chain;
                break;
              }
            }
          }
          // `repository: ${{ github.event.pull_request.head.repo.full_name }}`
          // checks out the fork whatever the ref.
          if (head) {
            const model::KeyValue* p = step.With("path");
            checkout = CheckoutHit{p ? std::string(Trim(p->value.value)) : "",
                                   &step, how, kv->value_node,
                                   route + ".with." + kv->key.value};
            break;
          }
        }
      } else if (step.run.present()) {
        const std::string r = ToLower(step.run.value);
        if (r.find("gh pr checkout") != std::string::npos ||
            (r.find("git fetch") != std::string::npos &&
             NamesPullRequestHead(r)) ||
            (r.find("git checkout") != std::string::npos &&
             NamesPullRequestHead(r))) {
          checkout = CheckoutHit{"", &step, "the pull request (in a script)",
                                 step.run.node, route + ".run"};
        }
      }
      // A checkout of trusted code into its own directory.
      if (!checkout && IsAction(step.uses.value, "actions/checkout"))
        if (const model::KeyValue* p = step.With("path"))
          trusted_paths.push_back(std::string(Trim(p->value.value)));
      continue;
    }
    if (IsAction(step.uses.value, "actions/checkout")) {
      const model::KeyValue* p = step.With("path");
      const std::string path = p ? std::string(Trim(p->value.value)) : "";
      // The base checked out over the pull request's files replaces them.
      if (path == checkout->path) return;
      if (!path.empty()) trusted_paths.push_back(path);
      continue;
    }
    std::string why = ExecutesWorkspaceCode(step);
    if (why.empty()) continue;
    const std::string text = step.run.value + " " + step.uses.value;
    if (!checkout->path.empty()) {
      // Only code run inside the pull request's directory counts.
      const bool inside =
          StartsWith(step.working_directory.value, checkout->path) ||
          text.find(checkout->path + "/") != std::string::npos;
      if (!inside) continue;
    }
    bool trusted = false;
    for (const std::string& q : trusted_paths)
      trusted =
          trusted || (!q.empty() && text.find(q + "/") != std::string::npos);
    if (trusted) continue;
    const bool gated = JobGatesActor(wf, job, step.index);
    Location at = ctx.At(step.uses.present() ? step.uses.node : step.run.node,
                         route + (step.uses.present() ? ".uses" : ".run"));
    if (step.run.present() && !step.uses.present()) {
      size_t len = 0;
      size_t off = FindExecCommand(step.run.value, &len, nullptr);
      if (off != std::string::npos)
        at = ctx.AtValue(step.run.node, off, off + len, route + ".run");
    }
    Location co = ctx.At(checkout->node, checkout->route);
    co.note = "pull request code is checked out here";
    std::string trig = prt    ? "pull_request_target"
                       : wrun ? "workflow_run"
                              : "issue_comment";
    ctx.Report(
        ctx.New(info())
            .Severity(gated ? Severity::kMedium : Severity::kHigh)
            // A deployment environment may require a reviewer's approval.
            .Confidence(prt && !gated && !job.environment.present()
                            ? Confidence::kHigh
                            : Confidence::kMedium)
            .Message(
                "this `" + trig + "` workflow checks out pull request code (`" +
                checkout->how + "`) and then executes it: " + why +
                ", with the base repository's token and secrets" +
                (gated ? " (the job checks who triggered it, but the code can "
                         "change after approval)"
                       : ""))
            .At(std::move(at))
            .Related(std::move(co))
            .Remediation("Build untrusted code in a `pull_request` workflow "
                         "(no secrets, "
                         "read-only token) and pass results as artifacts "
                         "treated as data; "
                         "or check out the base ref only.")
            .Snippet(job.id + ":" + why)
            .Build());
    return;  // one finding per job: the first execution
  }
}

}  // namespace sg::audit
