#include "audit/if_conditions.h"

#include "base/strings.h"
#include "model/expr/embedded.h"
#include "model/expr/taint.h"

namespace sg::audit {

std::vector<ConditionExpr> EmbeddedExpressions(std::string_view text) {
  std::vector<ConditionExpr> out;
  if (text.find("${{") == std::string_view::npos) return out;
  std::vector<expr::Diagnostic> errors;
  for (const expr::Embedded& e : expr::ExtractEmbedded(text, &errors)) {
    expr::ParseResult parsed = expr::Parse(e.Inner(text));
    if (!parsed.ok()) continue;
    out.push_back(
        {std::string(e.Inner(text)), e.inner_offset, std::move(parsed.root)});
  }
  return out;
}

std::vector<ConditionExpr> ConditionExpressions(const model::Str& cond) {
  std::vector<ConditionExpr> out;
  if (!cond.node || !cond.node->IsScalar()) return out;
  const std::string& text = cond.value;
  if (text.find("${{") != std::string::npos) return EmbeddedExpressions(text);
  if (Trim(text).empty()) return out;
  expr::ParseResult parsed = expr::Parse(text);
  if (parsed.ok()) out.push_back({text, 0, std::move(parsed.root)});
  return out;
}

std::vector<ConditionSite> JobConditions(const model::Job& job) {
  std::vector<ConditionSite> out;
  const std::string base = "jobs." + job.id;
  if (job.if_cond.present()) out.push_back({&job.if_cond, base + ".if", true});
  for (const model::Step& step : job.steps) {
    if (step.if_cond.present()) {
      out.push_back({&step.if_cond,
                     base + ".steps[" + std::to_string(step.index) + "].if",
                     false});
    }
  }
  return out;
}

std::optional<std::string> ContextPath(const expr::Node& node) {
  switch (node.kind) {
    case expr::NodeKind::kVariable:
    case expr::NodeKind::kProperty:
    case expr::NodeKind::kIndex:
    case expr::NodeKind::kFilter:
      break;
    default:
      return std::nullopt;
  }
  for (const expr::ContextRef& ref : expr::AllContexts(node)) {
    if (ref.node == &node) return ref.path;
  }
  return std::nullopt;
}

bool PathUnder(std::string_view path, std::string_view prefix) {
  if (!StartsWith(path, prefix)) return false;
  if (path.size() == prefix.size()) return true;
  const char next = path[prefix.size()];
  return next == '.' || next == '[';
}

namespace {

// `route` is one buffer, extended and cut back on the way down: this walk
// visits every scalar of every file for several audits.
void Walk(const yaml::Node* node, std::string& route,
          const std::function<void(const yaml::Node&, const std::string&)>& fn,
          int depth) {
  if (!node || depth > 512) return;
  const size_t mark = route.size();
  if (node->IsScalar()) {
    fn(*node, route);
  } else if (node->IsSequence()) {
    for (size_t i = 0; i < node->items.size(); ++i) {
      route += '[';
      route += std::to_string(i);
      route += ']';
      Walk(node->items[i], route, fn, depth + 1);
      route.resize(mark);
    }
  } else if (node->IsMap()) {
    for (const auto& [k, v] : node->entries) {
      if (!route.empty()) route += '.';
      route += k && k->IsScalar() ? std::string_view(k->value) : "?";
      Walk(v, route, fn, depth + 1);
      route.resize(mark);
    }
  }
}

}  // namespace

void ForEachScalar(
    const yaml::Node* root,
    const std::function<void(const yaml::Node&, const std::string&)>& fn) {
  std::string route;
  Walk(root, route, fn, 0);
}

std::vector<DocExpression> CollectExpressions(const yaml::Node* root) {
  std::vector<DocExpression> out;
  ForEachScalar(root, [&](const yaml::Node& scalar, const std::string& route) {
    std::vector<ConditionExpr> exprs;
    if (scalar.value.find("${{") != std::string::npos) {
      exprs = EmbeddedExpressions(scalar.value);
    } else if (route == "if" || EndsWith(route, ".if")) {
      exprs = ConditionExpressions(model::Str{scalar.value, &scalar});
    }
    for (ConditionExpr& e : exprs)
      out.push_back({&scalar, route, std::move(e)});
  });
  return out;
}

void ForEachExpression(
    const yaml::Node* root,
    const std::function<void(const yaml::Node&, const std::string&,
                             const ConditionExpr&)>& fn) {
  for (const DocExpression& x : CollectExpressions(root))
    fn(*x.scalar, x.route, x.expr);
}

}  // namespace sg::audit
