#include "audit/overprovisioned_secrets.h"

#include "audit/if_conditions.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& OverprovisionedSecrets::info() const {
  static const RuleInfo kInfo{
      "overprovisioned-secrets", Severity::kMedium,
      "the entire secrets context is exposed to the runner"};
  return kInfo;
}

namespace {

bool IsSecretsVariable(const expr::Node& n) {
  return n.kind == expr::NodeKind::kVariable && ToLower(n.text) == "secrets";
}

// Collects the sub-expressions that materialise every secret.
void Find(const expr::Node& n, std::vector<const expr::Node*>* out) {
  if (n.kind == expr::NodeKind::kCall && ToLower(n.text) == "tojson" &&
      n.children.size() == 1 && IsSecretsVariable(n.child(0))) {
    out->push_back(&n);
    return;
  }
  if (n.kind == expr::NodeKind::kIndex && IsSecretsVariable(n.child(0)) &&
      n.child(1).kind != expr::NodeKind::kString) {
    out->push_back(&n);  // secrets[format('TOKEN_{0}', matrix.env)]
    for (const auto& c : n.child(1).children) Find(*c, out);
    return;
  }
  if (n.kind == expr::NodeKind::kFilter && IsSecretsVariable(n.child(0))) {
    out->push_back(&n);  // secrets.* : every value
    return;
  }
  for (const auto& c : n.children) Find(*c, out);
}

void Scan(const RuleInfo& rule, AuditContext& ctx) {
  for (const ExprMatch& m : SelectInExpressions(ctx, Find)) {
    ctx.Report(
        ctx.New(rule)
            .Confidence(Confidence::kHigh)
            .Message("`" + m.text +
                     "` gives this step every secret available to the "
                     "workflow, not just the ones it needs")
            .At(m.location)
            .Remediation(
                "Reference each secret the step needs by name "
                "(`secrets.NPM_TOKEN`); to choose one at run time, list the "
                "candidates explicitly, e.g. with `case()`.")
            .Snippet(m.text)
            .Build());
  }
}

}  // namespace

void OverprovisionedSecrets::CheckWorkflow(const model::Workflow&,
                                           AuditContext& ctx) {
  Scan(info(), ctx);
}

void OverprovisionedSecrets::CheckAction(const model::Action&,
                                         AuditContext& ctx) {
  Scan(info(), ctx);
}

}  // namespace sg::audit
