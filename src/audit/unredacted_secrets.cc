#include "audit/unredacted_secrets.h"

#include "audit/if_conditions.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& UnredactedSecrets::info() const {
  static const RuleInfo kInfo{
      "unredacted-secrets", Severity::kMedium,
      "secret decoded with fromJSON(), bypassing log redaction"};
  return kInfo;
}

namespace {

// `fromJSON(<secrets...>)` calls under `n`.
void Find(const expr::Node& n, std::vector<const expr::Node*>* out) {
  if (n.kind == expr::NodeKind::kCall && ToLower(n.text) == "fromjson" &&
      n.children.size() == 1) {
    auto path = ContextPath(n.child(0));
    if (path && PathUnder(*path, "secrets")) {
      out->push_back(&n);
      return;
    }
  }
  for (const auto& c : n.children) Find(*c, out);
}

void Scan(const RuleInfo& rule, AuditContext& ctx) {
  for (const ExprMatch& m : SelectInExpressions(ctx, Find)) {
    ctx.Report(
        ctx.New(rule)
            .Confidence(Confidence::kHigh)
            .Message("`" + m.text +
                     "` decodes a secret; the values inside it are not the "
                     "registered secret, so GitHub does not mask them in logs")
            .At(m.location)
            .Remediation(
                "Store each value that must stay hidden as its own secret "
                "instead of one JSON secret, or mask the decoded value with "
                "`echo \"::add-mask::$VALUE\"` before anything can print it.")
            .Snippet(m.text)
            .Build());
  }
}

}  // namespace

void UnredactedSecrets::CheckWorkflow(const model::Workflow&,
                                      AuditContext& ctx) {
  Scan(info(), ctx);
}

void UnredactedSecrets::CheckAction(const model::Action&, AuditContext& ctx) {
  Scan(info(), ctx);
}

}  // namespace sg::audit
