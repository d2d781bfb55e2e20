// Helpers for audits that read expressions: the expressions of an `if:`
// condition (written with or without `${{ }}`), the context path of an
// access chain, and a walk over every scalar of a document with its route.
#ifndef STEPGUARD_AUDIT_IF_CONDITIONS_H_
#define STEPGUARD_AUDIT_IF_CONDITIONS_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/expr/parser.h"
#include "model/workflow.h"

namespace sg::audit {

// One parsed expression of a condition. `offset` is where `text` starts in
// the scalar's decoded value, so `offset + node.offset` is a value offset for
// AuditContext::AtValue.
struct ConditionExpr {
  std::string text;
  size_t offset = 0;
  expr::NodePtr root;  // never null
};

// The expressions GitHub evaluates for an `if:` value: the whole value when it
// holds no `${{`, otherwise each `${{ }}` inside it. Expressions that do not
// parse are skipped (the expression audit reports them).
std::vector<ConditionExpr> ConditionExpressions(const model::Str& cond);

// Every `${{ }}` expression in `text` that parses, with offsets into `text`.
std::vector<ConditionExpr> EmbeddedExpressions(std::string_view text);

// An `if:` of a job or step, with its route ("jobs.x.if",
// "jobs.x.steps[1].if").
struct ConditionSite {
  const model::Str* cond = nullptr;
  std::string route;
  bool job_level = false;
};
// The job's own condition and its steps' conditions, in file order.
std::vector<ConditionSite> JobConditions(const model::Job& job);

// The normalised context path (see expr::ContextRef::path) when `node` is a
// context access chain such as `github.event.pull_request.user.login`.
std::optional<std::string> ContextPath(const expr::Node& node);

// True when `path` is `prefix` or lies under it (`github.ref` is under
// `github`, `github.ref_name` is not under `github.ref`).
bool PathUnder(std::string_view path, std::string_view prefix);

// Calls `fn(scalar, route)` for every scalar value (not keys) under `root`,
// with routes such as `jobs.build.steps[2].run`.
void ForEachScalar(
    const yaml::Node* root,
    const std::function<void(const yaml::Node&, const std::string&)>& fn);

// One expression of a document, with the scalar that holds it and its route.
struct DocExpression {
  const yaml::Node* scalar = nullptr;
  std::string route;
  ConditionExpr expr;
};

// Every expression under `root`, in document order: each `${{ }}` in any
// scalar, and bare `if:` conditions (keys named `if`).
std::vector<DocExpression> CollectExpressions(const yaml::Node* root);

// Calls `fn(scalar, route, expression)` for every expression under `root`
// (see CollectExpressions). Audits that read the whole file should use the
// AuditContext overload in audit.h, which parses each file once.
void ForEachExpression(
    const yaml::Node* root,
    const std::function<void(const yaml::Node&, const std::string&,
                             const ConditionExpr&)>& fn);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_IF_CONDITIONS_H_
