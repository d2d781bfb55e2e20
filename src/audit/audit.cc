#include "audit/audit.h"

namespace sg::audit {

Location AuditContext::At(const yaml::Node* node, std::string route) const {
  Location loc;
  loc.path = file_.path;
  loc.route = std::move(route);
  if (node) loc.span = node->span;
  return loc;
}

Location AuditContext::AtValue(const yaml::Node* scalar, size_t begin,
                               size_t end, std::string route) const {
  Location loc;
  loc.path = file_.path;
  loc.route = std::move(route);
  if (scalar) loc.span = doc().ValueSpan(*scalar, begin, end);
  return loc;
}

const yaml::Node* AuditContext::RuleConfig(std::string_view id) const {
  const policy::RuleConfig* rc = policy_.Rule(id);
  return rc ? rc->config : nullptr;
}

const std::vector<DocExpression>& AuditContext::Expressions() {
  if (!expressions_) expressions_ = CollectExpressions(file_.doc->root());
  return *expressions_;
}

const AgentStep& AuditContext::AgentOf(const model::Step& step) {
  auto it = agents_.find(&step);
  if (it == agents_.end())
    it = agents_.emplace(&step, ClassifyAgentStep(step)).first;
  return it->second;
}

void ForEachExpression(
    AuditContext& ctx,
    const std::function<void(const yaml::Node&, const std::string&,
                             const ConditionExpr&)>& fn) {
  for (const DocExpression& x : ctx.Expressions())
    fn(*x.scalar, x.route, x.expr);
}

std::vector<ExprMatch> SelectInExpressions(
    AuditContext& ctx,
    const std::function<void(const expr::Node&,
                             std::vector<const expr::Node*>*)>& select) {
  std::vector<ExprMatch> out;
  for (const DocExpression& x : ctx.Expressions()) {
    std::vector<const expr::Node*> nodes;
    select(*x.expr.root, &nodes);
    for (const expr::Node* n : nodes) {
      const size_t begin = x.expr.offset + n->offset;
      out.push_back({&x, n, x.expr.text.substr(n->offset, n->length),
                     ctx.AtValue(x.scalar, begin, begin + n->length, x.route)});
    }
  }
  return out;
}

}  // namespace sg::audit
