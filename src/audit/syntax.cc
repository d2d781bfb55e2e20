#include "audit/syntax.h"

#include <set>

#include "audit/syntax_schema.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& Syntax::info() const {
  static const RuleInfo kInfo{
      "syntax", Severity::kMedium,
      "invalid workflow, action or dependabot file structure"};
  return kInfo;
}

namespace {

// Keys GitHub accepts. Source: GitHub Docs "Workflow syntax for GitHub
// Actions" (top level, jobs.<id>, jobs.<id>.steps[*]).
const std::set<std::string, std::less<>> kWorkflowKeys = {
    "name", "run-name", "on",          "permissions",
    "env",  "defaults", "concurrency", "jobs"};
const std::set<std::string, std::less<>> kJobKeys = {
    "name",        "permissions",
    "needs",       "if",
    "runs-on",     "environment",
    "concurrency", "outputs",
    "env",         "defaults",
    "steps",       "timeout-minutes",
    "strategy",    "continue-on-error",
    "container",   "services",
    "uses",        "with",
    "secrets",     "snapshot"};
// A job that calls a reusable workflow takes only these.
const std::set<std::string, std::less<>> kCallJobKeys = {
    "name", "uses",        "with",        "secrets", "needs",
    "if",   "permissions", "concurrency", "strategy"};
const std::set<std::string, std::less<>> kStepKeys = {"id",
                                                      "if",
                                                      "name",
                                                      "uses",
                                                      "run",
                                                      "shell",
                                                      "with",
                                                      "env",
                                                      "continue-on-error",
                                                      "timeout-minutes",
                                                      "working-directory"};

void Report(AuditContext& ctx, const RuleInfo& rule, const yaml::Node* node,
            const std::string& route, const std::string& message,
            const std::string& snippet) {
  ctx.Report(
      ctx.New(rule)
          .Confidence(Confidence::kHigh)
          .Message(message)
          .At(ctx.At(node, route))
          .Remediation(
              "See GitHub's workflow syntax reference for the keys this level "
              "accepts.")
          .Snippet(snippet)
          .Build());
}

void ReportDiagnostics(AuditContext& ctx, const RuleInfo& rule) {
  for (const Diagnostic& d : ctx.file().diagnostics) {
    Location loc;
    loc.path = ctx.file().path;
    loc.span.begin = d.pos;
    ctx.Report(ctx.New(rule)
                   .Severity(d.level == Diagnostic::Level::kError
                                 ? Severity::kHigh
                                 : Severity::kMedium)
                   .Confidence(Confidence::kHigh)
                   .Message(d.message)
                   .At(std::move(loc))
                   .Snippet(d.message)
                   .Build());
  }
}

void UnknownKeys(AuditContext& ctx, const RuleInfo& rule, const yaml::Node* map,
                 const std::set<std::string, std::less<>>& keys,
                 const std::string& route, const std::string& where) {
  if (!map || !map->IsMap()) return;
  for (const auto& [k, v] : map->entries) {
    if (!k || !k->IsScalar()) continue;
    if (keys.count(k->value)) continue;
    Report(ctx, rule, k, route.empty() ? k->value : route + "." + k->value,
           "unknown key `" + k->value + "` in " + where +
               "; GitHub rejects the workflow",
           "unknown-key:" + route + "." + k->value);
  }
}

}  // namespace

void Syntax::CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) {
  ReportDiagnostics(ctx, info());
  const yaml::Node* root = ctx.doc().root();
  if (!root || !root->IsMap()) return;
  UnknownKeys(ctx, info(), root, kWorkflowKeys, "", "a workflow");
  CheckWorkflowSchema(
      root, [&](const yaml::Node* at, const std::string& route,
                const std::string& message, const std::string& snippet) {
        Report(ctx, info(), at, route,
               message + "; GitHub rejects the workflow", snippet);
      });
  if (!root->Get("on"))
    Report(ctx, info(), root, "", "the workflow has no `on:` (its triggers)",
           "missing:on");
  const yaml::Node* jobs = root->Get("jobs");
  if (!jobs) {
    Report(ctx, info(), root, "", "the workflow has no `jobs:`",
           "missing:jobs");
    return;
  }
  for (const model::Job& job : wf.jobs) {
    if (!job.node || !job.node->IsMap()) continue;
    const std::string route = "jobs." + job.id;
    const bool call = job.uses.present();
    UnknownKeys(ctx, info(), job.node, call ? kCallJobKeys : kJobKeys, route,
                call ? "a job that calls a reusable workflow" : "a job");
    if (!call && !job.node->Get("runs-on"))
      Report(ctx, info(), job.key_node, route,
             "job `" + job.id + "` has no `runs-on:`",
             "missing:runs-on:" + job.id);
    if (!call && !job.node->Get("steps"))
      Report(ctx, info(), job.key_node, route,
             "job `" + job.id + "` has no `steps:`", "missing:steps:" + job.id);
    for (const model::Str& need : job.needs) {
      if (!need.value.empty() && !wf.FindJob(need.value) &&
          need.value.find("${{") == std::string::npos)
        Report(ctx, info(), need.node, route + ".needs",
               "job `" + job.id + "` needs `" + need.value +
                   "`, which does not exist",
               "needs:" + job.id + ":" + need.value);
    }
    for (const model::Step& step : job.steps) {
      if (!step.node || !step.node->IsMap()) continue;
      const std::string sroute =
          route + ".steps[" + std::to_string(step.index) + "]";
      UnknownKeys(ctx, info(), step.node, kStepKeys, sroute, "a step");
      if (step.uses.present() && step.run.present())
        Report(ctx, info(), step.node, sroute,
               "a step cannot have both `uses:` and `run:`",
               "uses-and-run:" + sroute);
      else if (!step.uses.present() && !step.run.present())
        Report(ctx, info(), step.node, sroute, "a step needs `uses:` or `run:`",
               "no-uses-or-run:" + sroute);
    }
  }
}

void Syntax::CheckAction(const model::Action&, AuditContext& ctx) {
  ReportDiagnostics(ctx, info());
}

void Syntax::CheckDependabot(const model::Dependabot&, AuditContext& ctx) {
  ReportDiagnostics(ctx, info());
}

}  // namespace sg::audit
