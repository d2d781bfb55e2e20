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

void Scan(const yaml::Node& scalar, const std::string& route,
          const ConditionExpr& e, const RuleInfo& rule, AuditContext& ctx) {
  std::vector<const expr::Node*> values;
  FalsyTrueValues(*e.root, &values);
  for (const expr::Node* v : values) {
    const std::string shown(e.text.substr(v->offset, v->length));
    const size_t begin = e.offset + v->offset;
    ctx.Report(
        ctx.New(rule)
            .Confidence(Confidence::kHigh)
            .Message(
                "`" + shown + "` is falsy, so this `cond && " + shown +
                " || other` always yields the other value, whatever `cond` is")
            .At(ctx.AtValue(&scalar, begin, begin + v->length, route))
            .Remediation("Swap the branches and negate the condition "
                         "(`!cond && other || " +
                         shown + "`), or use `case(cond, A, B)`.")
            .Snippet(e.text)
            .Build());
  }
}

}  // namespace

void UnsoundTernary::CheckWorkflow(const model::Workflow&, AuditContext& ctx) {
  ForEachExpression(
      ctx, [&](const yaml::Node& n, const std::string& route,
               const ConditionExpr& e) { Scan(n, route, e, info(), ctx); });
}

void UnsoundTernary::CheckAction(const model::Action&, AuditContext& ctx) {
  ForEachExpression(
      ctx, [&](const yaml::Node& n, const std::string& route,
               const ConditionExpr& e) { Scan(n, route, e, info(), ctx); });
}

}  // namespace sg::audit
