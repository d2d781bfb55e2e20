#include "audit/engine.h"

#include <map>

#include "base/parallel.h"
#include "base/strings.h"

namespace sg::audit {

std::optional<Persona> ParsePersona(std::string_view s) {
  if (s == "regular") return Persona::kRegular;
  if (s == "pedantic") return Persona::kPedantic;
  if (s == "auditor") return Persona::kAuditor;
  return std::nullopt;
}

std::vector<std::string> ParseIgnoreComment(std::string_view comment,
                                            std::string* reason) {
  std::vector<std::string> rules;
  for (std::string_view tool : {"stepguard:", "zizmor:"}) {
    size_t at = comment.find(tool);
    if (at == std::string_view::npos) continue;
    std::string_view rest = Trim(comment.substr(at + tool.size()));
    if (!StartsWith(rest, "ignore[")) continue;
    size_t close = rest.find(']');
    if (close == std::string_view::npos) continue;
    for (const auto& r : Split(rest.substr(7, close - 7), ',')) {
      std::string id(Trim(r));
      if (!id.empty()) rules.push_back(id);
    }
    if (reason) *reason = std::string(Trim(rest.substr(close + 1)));
    return rules;
  }
  return rules;
}

namespace {

void Traverse(const model::Repository& repo, const model::SourceFile& file,
              const std::vector<Audit*>& audits, AuditContext& ctx) {
  if (file.workflow) {
    const model::Workflow& wf = *file.workflow;
    for (Audit* a : audits) a->CheckWorkflow(wf, ctx);
    for (const model::Job& job : wf.jobs) {
      for (Audit* a : audits) a->CheckJob(wf, job, ctx);
      if (job.is_reusable_call()) {
        const std::string route = "jobs." + job.id + ".uses";
        for (Audit* a : audits) a->CheckUsesRef(job.uses, route, ctx);
      }
      for (const model::Step& step : job.steps) {
        StepSite site{
            &file,
            &wf,
            &job,
            nullptr,
            &step,
            "jobs." + job.id + ".steps[" + std::to_string(step.index) + "]"};
        for (Audit* a : audits) a->CheckStep(site, ctx);
        if (step.uses.present()) {
          const std::string route = site.route + ".uses";
          for (Audit* a : audits) a->CheckUsesRef(step.uses, route, ctx);
        }
      }
    }
  }
  if (file.action) {
    const model::Action& action = *file.action;
    for (Audit* a : audits) a->CheckAction(action, ctx);
    for (const model::Step& step : action.steps) {
      StepSite site{&file,   nullptr,
                    nullptr, &action,
                    &step,   "runs.steps[" + std::to_string(step.index) + "]"};
      for (Audit* a : audits) a->CheckStep(site, ctx);
      if (step.uses.present()) {
        const std::string route = site.route + ".uses";
        for (Audit* a : audits) a->CheckUsesRef(step.uses, route, ctx);
      }
    }
  }
  if (file.dependabot) {
    for (Audit* a : audits) a->CheckDependabot(*file.dependabot, ctx);
  }
  (void)repo;
}

// An inline ignore applies on the finding's line, on a comment-only line
// directly above it, or on the first line of a block that encloses it (the
// step's `- name:` line, the job's key, a `run: |` key), as zizmor's do:
// one comment covers every finding of that rule inside the block.
bool InlineIgnored(const yaml::Document& doc, const Finding& f,
                   std::string* reason) {
  if (!f.location || !f.location->span.known()) return false;
  const int line = f.location->span.begin.line;
  auto matches = [&](int l) {
    std::string_view comment = doc.CommentOnLine(l);
    if (comment.empty()) return false;
    for (const auto& id : ParseIgnoreComment(comment, reason))
      if (id == f.rule) return true;
    return false;
  };
  for (int l : {line, line - 1}) {
    if (l < 1) continue;
    if (l != line && Trim(doc.LineText(l)).substr(0, 1) != "#") continue;
    if (matches(l)) return true;
  }
  // Most files carry no ignore comment at all.
  if (doc.text().find("ignore[") == std::string::npos) return false;
  auto indent_of = [](std::string_view t) {
    const size_t i = t.find_first_not_of(' ');
    return i == std::string_view::npos ? -1 : static_cast<int>(i);
  };
  int cur = indent_of(doc.LineText(line));
  for (int l = line - 1; l >= 1 && cur > 0; --l) {
    const std::string_view text = doc.LineText(l);
    const int ind = indent_of(text);
    if (ind < 0 || ind >= cur || text[ind] == '#') continue;
    cur = ind;  // the next enclosing block starts here
    if (matches(l)) return true;
  }
  return false;
}

}  // namespace

namespace {

Persona EffectivePersona(const policy::Policy& policy,
                         const EngineOptions& options) {
  return options.persona.value_or(
      ParsePersona(policy.workflows.persona).value_or(Persona::kRegular));
}

// Policy decisions for one finding; false when it is dropped.
bool Judge(const model::Repository& repo, const model::SourceFile* file,
           const policy::Policy& policy, Persona persona, Finding& f) {
  if (policy.RuleDisabled(f.rule)) return false;
  if (const policy::RuleConfig* rc = policy.Rule(f.rule); rc && rc->severity) {
    f.severity = *rc->severity;
  }
  // Low-confidence findings are for auditors only.
  if (f.confidence == Confidence::kLow && persona != Persona::kAuditor)
    return false;
  std::string reason;
  // Inline comments are read from the file that holds the finding.
  const yaml::Document* doc = file ? file->doc.get() : nullptr;
  if (f.location && (!file || f.location->path != file->path)) {
    for (const auto& other : repo.files())
      if (other->path == f.location->path && other->doc) doc = other->doc.get();
  }
  if (doc && InlineIgnored(*doc, f, &reason)) {
    f.suppression = {SuppressionKind::kInline, reason};
    return true;
  }
  for (const auto& ig : policy.workflows.ignore) {
    if (ig.rule != "*" && ig.rule != f.rule) continue;
    if (!ig.path.empty() && f.location &&
        !GlobMatch(ig.path, f.location->path, /*star_crosses_slash=*/false) &&
        !GlobMatch(ig.path, f.location->path, true))
      continue;
    f.suppression = {SuppressionKind::kPolicy, ig.reason};
    break;
  }
  return true;
}

}  // namespace

FindingSet RunAudits(const model::Repository& repo,
                     const policy::Policy& policy,
                     const std::vector<std::unique_ptr<Audit>>& audits,
                     const EngineOptions& options) {
  const Persona persona = EffectivePersona(policy, options);
  std::vector<Audit*> enabled;
  for (const auto& a : audits) {
    const RuleInfo& info = a->info();
    if (policy.RuleDisabled(info.id)) continue;
    if (info.persona > persona) continue;
    enabled.push_back(a.get());
  }
  // Audits keep no state and the repository and policy are read-only here,
  // so files are audited in parallel into per-file slots, merged in file
  // order.
  const auto& files = repo.files();
  std::vector<FindingSet> per_file(files.size());
  ParallelFor(files.size(), WorkerCount(files.size(), options.jobs),
              [&](size_t i) {
                const model::SourceFile& file = *files[i];
                if (!file.doc) return;
                FindingSet found;
                AuditContext ctx(policy, repo, file, &found, persona);
                Traverse(repo, file, enabled, ctx);
                for (Finding& f : found.findings()) {
                  if (Judge(repo, &file, policy, persona, f))
                    per_file[i].Add(std::move(f));
                }
              });
  FindingSet all;
  for (FindingSet& found : per_file)
    for (Finding& f : found.findings()) all.Add(std::move(f));
  all.Dedupe();
  all.Sort();
  return all;
}

void ApplyPolicy(const model::Repository& repo, const policy::Policy& policy,
                 const EngineOptions& options, FindingSet* findings) {
  const Persona persona = EffectivePersona(policy, options);
  FindingSet kept;
  for (Finding& f : findings->findings()) {
    if (Judge(repo, nullptr, policy, persona, f)) kept.Add(std::move(f));
  }
  for (const NotAssessed& n : findings->not_assessed()) kept.AddNotAssessed(n);
  *findings = std::move(kept);
}

}  // namespace sg::audit
