#include "audit/github_app.h"

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& GithubApp::info() const {
  static const RuleInfo kInfo{
      "github-app", Severity::kHigh,
      "GitHub App token broader or longer-lived than needed"};
  return kInfo;
}

void GithubApp::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  if (!step.uses.present() ||
      !IsAction(step.uses.value, "actions/create-github-app-token"))
    return;
  // `with: ${{ ... }}` cannot be analysed.
  if (step.with_node && !step.with_node->IsMap()) return;
  if (const model::KeyValue* skip = step.With("skip-token-revoke")) {
    const std::string v = ToLower(std::string(Trim(skip->value.value)));
    const bool expression = v.find("${{") != std::string::npos;
    if (v == "true" || expression) {
      ctx.Report(
          ctx.New(info())
              .Confidence(expression ? Confidence::kLow : Confidence::kHigh)
              .Message(std::string(expression
                                       ? "`skip-token-revoke` may be turned on"
                                       : "`skip-token-revoke: true`") +
                       ": the app token stays valid for up to an hour after "
                       "the job, "
                       "for anything that copied it")
              .At(ctx.At(skip->value.node,
                         site.route + ".with.skip-token-revoke"))
              .Remediation(
                  "Remove `skip-token-revoke` so the action revokes the token "
                  "when the job ends.")
              .Snippet("skip-token-revoke: " + skip->value.value)
              .Build());
    }
  }
  const model::KeyValue* owner = step.With("owner");
  if (owner && !step.With("repositories")) {
    ctx.Report(ctx.New(info())
                   .Confidence(Confidence::kHigh)
                   .Message("`owner:` without `repositories:` grants the token "
                            "access to every "
                            "repository the app is installed on for `" +
                            owner->value.value + "`")
                   .At(ctx.At(owner->key.node, site.route + ".with.owner"))
                   .Remediation("List the repositories the job needs: "
                                "`repositories: repo1,repo2`.")
                   .Snippet("owner: " + owner->value.value)
                   .Build());
  }
  bool scoped = false;
  for (const model::KeyValue& kv : step.with)
    scoped = scoped || StartsWith(kv.key.value, "permission-");
  if (!scoped) {
    ctx.Report(ctx.New(info())
                   .Confidence(Confidence::kHigh)
                   .Message("no `permission-*` input: the token gets every "
                            "permission the app's "
                            "installation has")
                   .At(ctx.At(step.uses.node, site.route + ".uses"))
                   .Remediation("Request only what the job needs, e.g. "
                                "`permission-contents: read` "
                                "and `permission-pull-requests: write`.")
                   .Snippet(step.uses.value)
                   .Build());
  }
}

}  // namespace sg::audit
