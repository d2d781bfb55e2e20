// The audit interface. One file per audit implements it; every hook defaults
// to "no findings", and one traversal (engine.h) calls every audit's hooks for
// every workflow, job, step, action and dependabot file.
#ifndef STEPGUARD_AUDIT_AUDIT_H_
#define STEPGUARD_AUDIT_AUDIT_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "audit/agents.h"
#include "audit/if_conditions.h"
#include "finding/finding.h"
#include "model/repo.h"
#include "model/workflow.h"
#include "policy/policy.h"

namespace sg::audit {

enum class Persona { kRegular = 0, kPedantic = 1, kAuditor = 2 };

struct RuleInfo {
  std::string id;
  Severity severity = Severity::kMedium;  // the usual severity of its findings
  std::string description;                // one line
  Persona persona = Persona::kRegular;    // lowest persona that shows it
};

// Where a step lives: a workflow job, or a composite action.
struct StepSite {
  const model::SourceFile* file = nullptr;
  const model::Workflow* workflow = nullptr;  // null for actions
  const model::Job* job = nullptr;            // null for actions
  const model::Action* action = nullptr;      // null for workflows
  const model::Step* step = nullptr;
  // "jobs.build.steps[2]" or "runs.steps[0]".
  std::string route;
};

// What an audit may use while it runs: the policy, the whole repository (for
// cross-file lookups), the current file, and the sink for findings.
class AuditContext {
 public:
  AuditContext(const policy::Policy& policy, const model::Repository& repo,
               const model::SourceFile& file, FindingSet* out,
               Persona persona = Persona::kRegular)
      : policy_(policy),
        repo_(repo),
        file_(file),
        out_(out),
        persona_(persona) {}

  const policy::Policy& policy() const { return policy_; }
  // The persona of this run, for audits whose findings differ by persona
  // (e.g. a finding only pedantic users want) within one rule.
  Persona persona() const { return persona_; }
  const model::Repository& repo() const { return repo_; }
  const model::SourceFile& file() const { return file_; }
  const yaml::Document& doc() const { return *file_.doc; }

  // Location of a whole node, with a normalised route.
  Location At(const yaml::Node* node, std::string route) const;
  // Location of value bytes [begin, end) inside a scalar.
  Location AtValue(const yaml::Node* scalar, size_t begin, size_t end,
                   std::string route) const;

  // A builder pre-filled with the rule id and area.
  FindingBuilder New(const RuleInfo& rule) const {
    FindingBuilder b(rule.id, Area::kWorkflow);
    b.Severity(rule.severity);
    return b;
  }
  void Report(Finding f) { out_->Add(std::move(f)); }
  // Rule-specific configuration from the policy (`workflows.rules.ID.config`).
  const yaml::Node* RuleConfig(std::string_view id) const;
  // Every expression of this file (CollectExpressions of its root), parsed
  // on first use and shared by the audits that read them all.
  const std::vector<DocExpression>& Expressions();
  // The agent a step runs (ClassifyAgentStep), classified once per step
  // for the several agent audits that ask.
  const AgentStep& AgentOf(const model::Step& step);

 private:
  const policy::Policy& policy_;
  const model::Repository& repo_;
  const model::SourceFile& file_;
  FindingSet* out_;
  Persona persona_;
  std::optional<std::vector<DocExpression>> expressions_;
  std::unordered_map<const model::Step*, AgentStep> agents_;
};

// ForEachExpression over the file being audited, from the context's
// parsed-once list.
void ForEachExpression(
    AuditContext& ctx,
    const std::function<void(const yaml::Node&, const std::string&,
                             const ConditionExpr&)>& fn);

// A sub-expression an audit picked out of one of the file's expressions.
struct ExprMatch {
  const DocExpression* expression = nullptr;  // the whole expression
  const expr::Node* node = nullptr;
  std::string text;   // the sub-expression as written
  Location location;  // where `text` is in the file
};

// Calls `select(root, &nodes)` on every expression of the file being audited
// and returns each selected node with its text and exact location.
std::vector<ExprMatch> SelectInExpressions(
    AuditContext& ctx,
    const std::function<void(const expr::Node&,
                             std::vector<const expr::Node*>*)>& select);

class Audit {
 public:
  virtual ~Audit() = default;
  virtual const RuleInfo& info() const = 0;

  virtual void CheckWorkflow(const model::Workflow&, AuditContext&) {}
  virtual void CheckJob(const model::Workflow&, const model::Job&,
                        AuditContext&) {}
  virtual void CheckStep(const StepSite&, AuditContext&) {}
  // Every non-empty `uses:` reference: reusable-workflow calls
  // ("jobs.ID.uses") and steps of workflows and composite actions.
  virtual void CheckUsesRef(const model::Str& /*uses*/,
                            const std::string& /*route*/, AuditContext&) {}
  virtual void CheckAction(const model::Action&, AuditContext&) {}
  virtual void CheckDependabot(const model::Dependabot&, AuditContext&) {}
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_AUDIT_H_
