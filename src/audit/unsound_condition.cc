#include "audit/unsound_condition.h"

#include "base/strings.h"
#include "model/expr/embedded.h"

namespace sg::audit {

const RuleInfo& UnsoundCondition::info() const {
  static const RuleInfo kInfo{"unsound-condition", Severity::kHigh,
                              "`if:` condition that always evaluates to true"};
  return kInfo;
}

namespace {

void Check(const model::Str& cond, const std::string& route,
           const RuleInfo& rule, AuditContext& ctx) {
  if (!cond.node || !cond.node->IsScalar()) return;
  const std::string& text = cond.value;
  std::vector<expr::Diagnostic> errors;
  std::vector<expr::Embedded> found = expr::ExtractEmbedded(text, &errors);
  if (found.empty()) return;
  const expr::Embedded& first = found.front();
  if (first.begin == 0 && first.end == text.size())
    return;  // exactly one expression
  std::string extra;
  if (found.size() > 1) {
    extra = "it holds " + std::to_string(found.size()) +
            " separate `${{ }}` expressions";
  } else if (Trim(text.substr(0, first.begin)).empty() &&
             Trim(text.substr(first.end)).empty()) {
    extra = text.substr(first.end).find('\n') != std::string::npos
                ? "the block scalar keeps a trailing newline after `}}`"
                : "it has whitespace outside `${{ }}`";
  } else {
    extra = "it has text outside `${{ }}`";
  }
  ctx.Report(ctx.New(rule)
                 .Confidence(Confidence::kHigh)
                 .Message("this condition is always true: " + extra +
                          ", so GitHub evaluates the whole value as a string, "
                          "and a non-empty "
                          "string is truthy")
                 .At(ctx.At(cond.node, route))
                 .Remediation("Write the condition as one expression: `if: ${{ "
                              "a && b }}` (or without "
                              "braces, `if: a && b`); for block scalars use "
                              "the strip indicator `|-` / `>-`.")
                 .Snippet(text)
                 .Build());
}

}  // namespace

void UnsoundCondition::CheckJob(const model::Workflow&, const model::Job& job,
                                AuditContext& ctx) {
  Check(job.if_cond, "jobs." + job.id + ".if", info(), ctx);
}

void UnsoundCondition::CheckStep(const StepSite& site, AuditContext& ctx) {
  Check(site.step->if_cond, site.route + ".if", info(), ctx);
}

}  // namespace sg::audit
