#include "audit/obfuscation.h"

#include "audit/if_conditions.h"
#include "audit/util.h"
#include "base/strings.h"
#include "model/expr/eval.h"

namespace sg::audit {

const RuleInfo& Obfuscation::info() const {
  static const RuleInfo kInfo{"obfuscation", Severity::kLow,
                              "obfuscated `uses:` path or constant expression"};
  return kInfo;
}

namespace {

// True when `n` is built only from literals with operators and pure string
// functions. fromJSON() is left out on purpose: `fromJSON('["a", "b"]')` is
// the idiomatic way to write a list, number or boolean, not a disguise.
bool Reducible(const expr::Node& n) {
  switch (n.kind) {
    case expr::NodeKind::kNull:
    case expr::NodeKind::kBool:
    case expr::NodeKind::kNumber:
    case expr::NodeKind::kString:
      return true;
    case expr::NodeKind::kNot:
    case expr::NodeKind::kCompare:
    case expr::NodeKind::kAnd:
    case expr::NodeKind::kOr:
      break;
    case expr::NodeKind::kCall: {
      const std::string f = ToLower(n.text);
      if (f != "format" && f != "contains" && f != "startswith" &&
          f != "endswith" && f != "join" && f != "tojson")
        return false;
      break;
    }
    default:
      return false;
  }
  for (const auto& c : n.children)
    if (!Reducible(*c)) return false;
  return true;
}

// A node worth reporting as "computes a constant": reducible, and not
// already a plain literal (`${{ true }}` hides nothing).
bool ConstantComputation(const expr::Node& n) {
  return !n.IsLiteral() && Reducible(n);
}

// The outermost constant computations under `n` (not nested ones).
void ConstantSubexpressions(const expr::Node& n,
                            std::vector<const expr::Node*>* out) {
  if (ConstantComputation(n)) {
    out->push_back(&n);
    return;
  }
  for (const auto& c : n.children) ConstantSubexpressions(*c, out);
}

// True when the scalar holds text around (or besides) its `${{ }}`: there a
// literal expression only splits the surrounding words. A value that is
// exactly one `${{ true }}` hides nothing, and bare `if:` conditions have no
// `${{` at all.
bool EmbeddedInText(const std::string& value) {
  std::string_view v = Trim(value);
  if (v.find("${{") == std::string_view::npos) return false;
  const bool whole = StartsWith(v, "${{") && v.size() >= 5 &&
                     v.substr(v.size() - 2) == "}}" &&
                     v.find("${{", 3) == std::string_view::npos;
  return !whole;
}

void ReportLiteral(const yaml::Node& scalar, const std::string& route,
                   const ConditionExpr& e, const RuleInfo& rule,
                   AuditContext& ctx) {
  const expr::Node& n = *e.root;
  const std::string shown(e.text.substr(n.offset, n.length));
  // `${{ '${{' }}` is the documented way to write a literal `${{`.
  if (shown.find("${{") != std::string::npos ||
      shown.find("}}") != std::string::npos)
    return;
  const size_t begin = e.offset + n.offset;
  std::string message = "`";
  message.append(shown);
  message.append(
      "` is a literal written as an expression: inside text it only splits "
      "the surrounding words, which hides them from review and search");
  ctx.Report(
      ctx.New(rule)
          .Confidence(Confidence::kHigh)
          .Message(std::move(message))
          .At(ctx.AtValue(&scalar, begin, begin + n.length, route))
          .Remediation("Write the text itself instead of the expression.")
          .Snippet(shown)
          .Build());
}

// Index expressions whose key is computed (`inputs[inputs.name]`): which
// context is read cannot be seen without evaluating the workflow.
void ComputedIndexes(const expr::Node& n, std::vector<const expr::Node*>* out) {
  if (n.kind == expr::NodeKind::kIndex && n.children.size() == 2) {
    const expr::Node& object = n.child(0);
    const expr::Node& key = n.child(1);
    // A lookup in a table written out in place, `fromJSON('{...}')[x]`,
    // shows every value it can produce.
    const bool table = object.kind == expr::NodeKind::kCall &&
                       ToLower(object.text) == "fromjson" &&
                       object.children.size() == 1 &&
                       object.child(0).kind == expr::NodeKind::kString;
    if (!table && !key.IsLiteral() && !Reducible(key)) out->push_back(&key);
  }
  for (const auto& c : n.children) ComputedIndexes(*c, out);
}

void ScanExpressions(const RuleInfo& rule, AuditContext& ctx) {
  // A style point, for the pedantic and auditor personas.
  if (ctx.persona() >= Persona::kPedantic) {
    for (const ExprMatch& m : SelectInExpressions(ctx, ComputedIndexes)) {
      ctx.Report(ctx.New(rule)
                     .Confidence(Confidence::kHigh)
                     .Message("the index `" + m.text +
                              "` is computed, so which value this reads "
                              "cannot be seen without running the workflow")
                     .At(m.location)
                     .Remediation("Name the context directly, or look the "
                                  "value up in a table written in place "
                                  "(`fromJSON('{...}')[key]`).")
                     .Snippet(m.text)
                     .Build());
    }
  }
  ForEachExpression(ctx, [&](const yaml::Node& scalar, const std::string& route,
                             const ConditionExpr& e) {
    std::vector<const expr::Node*> found;
    ConstantSubexpressions(*e.root, &found);
    if (found.empty() && e.root->IsLiteral() && EmbeddedInText(scalar.value)) {
      ReportLiteral(scalar, route, e, rule, ctx);
      return;
    }
    for (const expr::Node* n : found) {
      const std::string shown(e.text.substr(n->offset, n->length));
      auto value = expr::FoldConstant(*n);
      std::string as_text =
          !value ? "a constant"
          : value->is_string() && value->string_value().empty()
              ? "an empty string"
          : value->is_primitive() ? "`" + value->ToString() + "`"
                                  : "`" + value->ToJson() + "`";
      if (as_text.size() > 80) as_text = as_text.substr(0, 76) + "...`";
      const size_t begin = e.offset + n->offset;
      ctx.Report(
          ctx.New(rule)
              .Confidence(Confidence::kHigh)
              .Message("`" + shown + "` always evaluates to " + as_text +
                       "; computing a constant hides the value from review")
              .At(ctx.AtValue(&scalar, begin, begin + n->length, route))
              .Remediation("Write the value itself instead of the expression.")
              .Snippet(shown)
              .Build());
    }
  });
}

void CheckUses(const model::Str& uses, const std::string& route,
               const RuleInfo& rule, AuditContext& ctx) {
  if (!uses.node || uses.value.find("${{") != std::string::npos) return;
  UsesRef r = ParseUses(uses.value);
  if (r.kind != UsesRef::Kind::kRepository) return;
  const size_t at = uses.value.find('@');
  const std::string path = uses.value.substr(0, at);
  // owner/repo[/subpath]: look at every component after owner/repo,
  // including a trailing empty one (`org/repo/@v1`).
  std::vector<std::string> parts = Split(path, '/');
  std::string why;
  for (size_t i = 2; i < parts.size(); ++i) {
    if (parts[i] == ".")
      why = "contains a `.` component";
    else if (parts[i] == "..")
      why = "contains a `..` component";
    else if (parts[i].empty())
      why = "contains an empty path component";
    if (!why.empty()) break;
  }
  if (why.empty()) return;
  ctx.Report(ctx.New(rule)
                 .Confidence(Confidence::kHigh)
                 .Message("`" + uses.value + "` " + why +
                          ": GitHub resolves it, but it defeats matching by "
                          "reviewers and by "
                          "policies such as forbidden-uses and unpinned-uses")
                 .At(ctx.At(uses.node, route))
                 .Remediation("Write the canonical `owner/repo/path@ref` form.")
                 .Snippet(uses.value)
                 .Build());
}

}  // namespace

void Obfuscation::CheckWorkflow(const model::Workflow&, AuditContext& ctx) {
  ScanExpressions(info(), ctx);
}

void Obfuscation::CheckAction(const model::Action&, AuditContext& ctx) {
  ScanExpressions(info(), ctx);
}

void Obfuscation::CheckUsesRef(const model::Str& uses, const std::string& route,
                               AuditContext& ctx) {
  CheckUses(uses, route, info(), ctx);
}

}  // namespace sg::audit
