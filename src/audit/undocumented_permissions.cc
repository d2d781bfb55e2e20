#include "audit/undocumented_permissions.h"

#include <vector>

#include "audit/engine.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& UndocumentedPermissions::info() const {
  static const RuleInfo kInfo{"undocumented-permissions", Severity::kLow,
                              "permissions without a comment explaining them",
                              Persona::kPedantic};
  return kInfo;
}

namespace {

// A comment that explains something: not empty and not an ignore directive.
bool Meaningful(std::string_view comment) {
  std::string_view c = Trim(comment);
  while (!c.empty() && c.front() == '#') c.remove_prefix(1);
  c = Trim(c);
  if (c.empty()) return false;
  return ParseIgnoreComment(c, nullptr).empty();
}

bool Documented(const yaml::Document& doc, const yaml::Node* key) {
  if (!key || !key->span.known()) return true;
  const int line = key->span.begin.line;
  if (Meaningful(doc.CommentOnLine(line))) return true;
  if (line > 1) {
    std::string_view above = Trim(doc.LineText(line - 1));
    if (!above.empty() && above.front() == '#' && Meaningful(above))
      return true;
  }
  return false;
}

}  // namespace

void UndocumentedPermissions::Check(const model::PermissionSet& p,
                                    const std::string& route,
                                    AuditContext& ctx) {
  if (p.kind != model::PermissionSet::Kind::kExplicit || p.scopes.empty() ||
      !p.node || !p.node->IsMap())
    return;
  if (p.scopes.size() == 1 && p.scopes.count("contents") &&
      p.scopes.at("contents") == "read")
    return;
  std::vector<std::pair<std::string, const yaml::Node*>> undocumented;
  for (const auto& [k, v] : p.node->entries) {
    // `none` grants nothing and needs no justification.
    if (v && v->IsScalar() && v->value == "none") continue;
    if (!Documented(ctx.doc(), k)) undocumented.emplace_back(k->value, k);
  }
  if (undocumented.empty()) return;
  std::string names;
  for (const auto& [name, node] : undocumented)
    names += (names.empty() ? "`" : ", `") + name + "`";
  FindingBuilder b = ctx.New(info());
  b.Confidence(Confidence::kHigh)
      .Message("permission" +
               std::string(undocumented.size() > 1 ? "s " : " ") + names +
               " granted without a comment saying why")
      .At(ctx.At(p.key_node ? p.key_node : undocumented.front().second, route))
      .Remediation(
          "Add a comment to each scope: `pull-requests: write  # to comment "
          "the "
          "coverage report`.");
  for (const auto& [name, node] : undocumented)
    b.Related(ctx.At(node, route + "." + name));
  ctx.Report(b.Build());
}

void UndocumentedPermissions::CheckWorkflow(const model::Workflow& wf,
                                            AuditContext& ctx) {
  Check(wf.permissions, "permissions", ctx);
}

void UndocumentedPermissions::CheckJob(const model::Workflow&,
                                       const model::Job& job,
                                       AuditContext& ctx) {
  Check(job.permissions, "jobs." + job.id + ".permissions", ctx);
}

}  // namespace sg::audit
