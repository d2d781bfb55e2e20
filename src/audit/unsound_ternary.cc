#include "audit/unsound_ternary.h"

#include "audit/if_conditions.h"
#include "base/strings.h"
#include "model/expr/eval.h"

namespace sg::audit {

const RuleInfo& UnsoundTernary::info() const {
  static const RuleInfo kInfo{
      "unsound-ternary", Severity::kLow,
      "`cond && A || B` pseudo-ternary whose A is falsy"};
  return kInfo;
}

namespace {

bool Constant(const expr::Node& n) { return expr::FoldConstant(n).has_value(); }

// The operands of an `||` chain, looking through nested (parenthesised)
// chains that are not constant.
void OrOperands(const expr::Node& n, std::vector<const expr::Node*>* out) {
  if (n.kind == expr::NodeKind::kOr && !Constant(n)) {
    for (const auto& c : n.children) OrOperands(*c, out);
  } else {
    out->push_back(&n);
  }
}

// Collects the falsy "true values" of pseudo-ternaries under `n`.
void FalsyTrueValues(const expr::Node& n, std::vector<const expr::Node*>* out) {
  if (Constant(n)) return;
  if (n.kind == expr::NodeKind::kOr) {
    std::vector<const expr::Node*> operands;
    OrOperands(n, &operands);
    for (size_t i = 0; i + 1 < operands.size(); ++i) {
      const expr::Node& op = *operands[i];
      if (op.kind != expr::NodeKind::kAnd) continue;
      const expr::Node& value = *op.children.back();
      auto folded = expr::FoldConstant(value);
      if (folded && !folded->Truthy()) out->push_back(&value);
    }
    for (const expr::Node* op : operands) FalsyTrueValues(*op, out);
    return;
  }
  for (const auto& c : n.children) FalsyTrueValues(*c, out);
}

void Scan(const RuleInfo& rule, AuditContext& ctx) {
  for (const ExprMatch& m : SelectInExpressions(ctx, FalsyTrueValues)) {
    ctx.Report(
        ctx.New(rule)
            .Confidence(Confidence::kHigh)
            .Message("`" + m.text + "` is falsy, so this `cond && " + m.text +
                     " || other` always yields the other value, whatever "
                     "`cond` is")
            .At(m.location)
            .Remediation("Swap the branches and negate the condition "
                         "(`!cond && other || " +
                         m.text + "`), or use `case(cond, A, B)`.")
            .Snippet(m.expression->expr.text)
            .Build());
  }
}

}  // namespace

void UnsoundTernary::CheckWorkflow(const model::Workflow&, AuditContext& ctx) {
  Scan(info(), ctx);
}

void UnsoundTernary::CheckAction(const model::Action&, AuditContext& ctx) {
  Scan(info(), ctx);
}

}  // namespace sg::audit
