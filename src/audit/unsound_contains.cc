#include "audit/unsound_contains.h"

#include "audit/contexts.h"
#include "audit/if_conditions.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& UnsoundContains::info() const {
  static const RuleInfo kInfo{
      "unsound-contains", Severity::kHigh,
      "contains() with a string haystack used as a list membership test"};
  return kInfo;
}

namespace {

// Contexts whose value the person triggering the workflow chooses (a branch
// or tag name, a dispatch input, an environment value that may have been
// written from untrusted data). `github.sha` and the actor are included as
// zizmor does: they are chosen by whoever pushes.
constexpr std::string_view kControllable[] = {"env",
                                              "github.actor",
                                              "github.base_ref",
                                              "github.head_ref",
                                              "github.ref",
                                              "github.ref_name",
                                              "github.sha",
                                              "github.triggering_actor",
                                              "inputs"};

bool Controllable(const std::string& path) {
  for (std::string_view p : kControllable)
    if (PathUnder(path, p)) return true;
  return ClassifyContext(path).capability == Capability::kArbitrary;
}

void Collect(const expr::Node& n, std::vector<const expr::Node*>* out) {
  if (n.kind == expr::NodeKind::kCall && ToLower(n.text) == "contains" &&
      n.children.size() == 2 && n.child(0).kind == expr::NodeKind::kString &&
      ContextPath(n.child(1))) {
    out->push_back(&n);
    return;
  }
  for (const auto& c : n.children) Collect(*c, out);
}

}  // namespace

void UnsoundContains::CheckJob(const model::Workflow&, const model::Job& job,
                               AuditContext& ctx) {
  for (const ConditionSite& site : JobConditions(job)) {
    for (const ConditionExpr& e : ConditionExpressions(*site.cond)) {
      std::vector<const expr::Node*> calls;
      Collect(*e.root, &calls);
      for (const expr::Node* call : calls) {
        const std::string path = *ContextPath(call->child(1));
        const bool controllable = Controllable(path);
        const std::string haystack = call->child(0).text;
        const std::string needle(
            e.text.substr(call->child(1).offset, call->child(1).length));
        const size_t begin = e.offset + call->offset;
        ctx.Report(
            ctx.New(info())
                .Severity(controllable ? Severity::kHigh : Severity::kInfo)
                .Confidence(Confidence::kHigh)
                .Message("`contains('" + haystack + "', " + needle +
                         ")` is a substring test: any `" + needle +
                         "` that is part of '" + haystack + "' passes" +
                         (controllable
                              ? ", and whoever triggers the workflow chooses it"
                              : ""))
                .At(ctx.AtValue(site.cond->node, begin, begin + call->length,
                                site.route))
                .Remediation("Test membership of a list: "
                             "`contains(fromJSON('[\"a\", \"b\"]'), " +
                             needle +
                             ")`, or compare with `==` for each value.")
                .Snippet(std::string(e.text.substr(call->offset, call->length)))
                .Build());
      }
    }
  }
}

}  // namespace sg::audit
