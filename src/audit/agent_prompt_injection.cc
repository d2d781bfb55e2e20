#include "audit/agent_prompt_injection.h"

#include "audit/agents.h"
#include "audit/taint.h"
#include "base/strings.h"
#include "model/expr/embedded.h"
#include "model/expr/parser.h"
#include "model/expr/taint.h"

namespace sg::audit {

const RuleInfo& AgentPromptInjection::info() const {
  static const RuleInfo kInfo{
      "agent-prompt-injection", Severity::kHigh,
      "attacker-controlled text flows into a coding agent's prompt"};
  return kInfo;
}

namespace {

// How sure we are that this source reaches the agent when the workflow runs.
Confidence ConfidenceOf(const Taint& t, const StepSite& site) {
  Confidence c = Confidence::kHigh;
  if (!t.events.empty() && site.workflow &&
      !site.workflow->on.Has("workflow_call")) {
    bool carried = false;
    for (const auto& ev : t.events)
      carried = carried || site.workflow->on.Has(ev);
    if (!carried) c = Confidence::kLow;
  }
  return c;
}

class Scanner {
 public:
  Scanner(const StepSite& site, AuditContext& ctx, const RuleInfo& rule,
          const std::string& agent, bool tools = true)
      : site_(site),
        ctx_(ctx),
        rule_(rule),
        agent_(agent),
        tools_(tools),
        tracker_(ctx.repo()),
        scope_(ScopeOf(site)) {}

  void Report(const Taint& t, Location loc, const std::string& used,
              const std::string& sink) {
    if (t.capability != Capability::kArbitrary) return;
    std::string via = t.chain == used ? "" : " (" + t.chain + ")";
    FindingBuilder b = ctx_.New(rule_);
    // A model without tools can only be made to say something.
    b.Severity(tools_ ? Severity::kHigh : Severity::kMedium)
        .Confidence(ConfidenceOf(t, site_))
        .Message("`" + used + "` carries attacker-controlled text" + via +
                 " into " + agent_ + "'s " + sink +
                 (tools_ ? "; its author can instruct the agent"
                         : "; its author can steer the model's output"))
        .At(std::move(loc))
        .Remediation(
            "Do not put untrusted text in the prompt; let the agent read it as "
            "data "
            "with read-only tools, and give the job no write access or "
            "secrets.")
        .Snippet(sink + ":" + used);
    for (const Location& hop : t.hops) b.Related(hop);
    ctx_.Report(b.Build());
  }

  // `${{ }}` expressions in `text` (a scalar value) between [from, to).
  void Expressions(const yaml::Node* node, size_t from, size_t to,
                   const std::string& route, const std::string& sink) {
    const std::string& text = node->value;
    if (text.find("${{") == std::string::npos) return;
    std::vector<expr::Diagnostic> errors;
    for (const expr::Embedded& e : expr::ExtractEmbedded(text, &errors)) {
      if (e.begin < from || e.begin >= to) continue;
      expr::ParseResult parsed = expr::Parse(e.Inner(text));
      if (!parsed.ok()) continue;
      for (const expr::ContextRef& ref : expr::FlowingContexts(*parsed.root)) {
        const size_t b = e.inner_offset + ref.offset;
        const std::string used(e.Inner(text).substr(ref.offset, ref.length));
        for (const Taint& t : tracker_.OfContext(ref.path, scope_)) {
          Report(t, ctx_.AtValue(node, b, b + ref.length, route), used, sink);
          break;  // one finding per use
        }
      }
    }
  }

  // `$VAR` references in a command line [from, to) of a run script.
  void ShellVars(const yaml::Node* node, size_t from, size_t to,
                 const std::string& route) {
    const std::string& text = node->value;
    for (size_t i = from; i < to && i < text.size(); ++i) {
      if (text[i] != '$' || i + 1 >= text.size()) continue;
      if (text.compare(i, 3, "${{") == 0) continue;
      size_t k = i + 1 + (text[i + 1] == '{' ? 1 : 0);
      size_t n = k;
      while (
          n < text.size() &&
          (std::isalnum(static_cast<unsigned char>(text[n])) || text[n] == '_'))
        ++n;
      if (n == k) continue;
      const std::string name = text.substr(k, n - k);
      for (const Taint& t : tracker_.OfShellVar(name, scope_)) {
        if (t.capability != Capability::kArbitrary) continue;
        Report(t, ctx_.AtValue(node, i, n, route), "$" + name, "prompt");
        break;
      }
      i = n - 1;
    }
  }

  // Prompt files written with attacker text by earlier steps and named here.
  void PromptFiles(std::string_view mention, Location loc) {
    for (const auto& w : tracker_.TaintedFileWrites(scope_)) {
      if (w.path.empty() || mention.find(w.path) == std::string_view::npos)
        continue;
      Report(w.taint, loc, w.path, "prompt file");
      return;
    }
  }

 private:
  const StepSite& site_;
  AuditContext& ctx_;
  const RuleInfo& rule_;
  std::string agent_;
  bool tools_;
  TaintTracker tracker_;
  TaintScope scope_;
};

}  // namespace

void AgentPromptInjection::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  const AgentStep& agent = ctx.AgentOf(step);
  if (const AgentAction* a = agent.action) {
    Scanner scan(site, ctx, info(), std::string(a->name),
                 AgentHasTools(*a, step));
    for (const auto& kv : step.with) {
      const std::string key = ToLower(kv.key.value);
      if (!kv.value_node || !kv.value_node->IsScalar()) continue;
      const std::string route = site.route + ".with." + kv.key.value;
      for (auto p : a->prompt_inputs)
        if (key == p)
          scan.Expressions(kv.value_node, 0, std::string::npos, route,
                           "prompt");
      for (auto p : a->prompt_file_inputs)
        if (key == p)
          scan.PromptFiles(kv.value.value, ctx.At(kv.value_node, route));
    }
  }
  if (!agent.invocations.empty()) {
    const yaml::Node* run = step.run.node;
    const std::string route = site.route + ".run";
    for (const AgentInvocation& inv : agent.invocations) {
      Scanner scan(site, ctx, info(), std::string(inv.cli->name));
      scan.Expressions(run, inv.line_begin, inv.line_end, route, "prompt");
      scan.ShellVars(run, inv.end, inv.line_end, route);
      // A prompt file may be read anywhere in the script (cat f | agent).
      scan.PromptFiles(run->value, ctx.AtValue(run, inv.begin, inv.end, route));
    }
  }
}

}  // namespace sg::audit
