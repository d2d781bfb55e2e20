#include "audit/template_injection.h"

#include <functional>

#include "audit/contexts.h"
#include "audit/taint.h"
#include "audit/util.h"
#include "base/strings.h"
#include "model/expr/embedded.h"
#include "model/expr/parser.h"
#include "model/expr/taint.h"

namespace sg::audit {

const RuleInfo& TemplateInjection::info() const {
  static const RuleInfo kInfo{
      "template-injection", Severity::kHigh,
      "attacker-controllable context expanded into a script"};
  return kInfo;
}

namespace {

struct Verdict {
  bool report = false;
  Severity severity = Severity::kInfo;
  Confidence confidence = Confidence::kLow;
  std::string why;
};

// Decides how bad one flowing context reference is in this step.
// The declared type of workflow input `name` (workflow_dispatch or
// workflow_call), or "" when undeclared.
std::string InputType(const StepSite& site, const std::string& name) {
  if (!site.workflow) return "";
  for (const auto* list :
       {&site.workflow->on.dispatch_inputs, &site.workflow->on.call_inputs}) {
    for (const auto& in : *list)
      if (ToLower(in.name) == name) return in.type;
  }
  return "";
}

Verdict Judge(const expr::ContextRef& ref, const StepSite& site) {
  Verdict v;
  std::string path = ref.path;
  // workflow_dispatch inputs are also reachable as github.event.inputs.X.
  if (StartsWith(path, "github.event.inputs.")) path = path.substr(13);
  if (StartsWith(path, "inputs.")) {
    const std::string name = path.substr(7, path.find_first_of(".[", 7) - 7);
    const std::string type = InputType(site, name);
    // Booleans, numbers and choices cannot carry shell syntax.
    if (type == "boolean" || type == "number" || type == "choice" ||
        type == "environment")
      return v;
  }
  ContextInfo info = ClassifyContext(path);
  switch (info.capability) {
    case Capability::kFixed:
      return v;
    case Capability::kArbitrary:
      v.report = true;
      v.severity = Severity::kHigh;
      v.confidence = Confidence::kHigh;
      v.why = "may contain arbitrary attacker-controlled text";
      break;
    case Capability::kStructured:
      // Numbers, SHAs and logins cannot carry shell syntax; shown to
      // auditors only, as a matter of hygiene.
      v.report = true;
      v.severity = Severity::kLow;
      v.confidence = Confidence::kLow;
      v.why =
          "is attacker-influenced but constrained in format (number, SHA or "
          "login)";
      break;
    case Capability::kUnknown: {
      const std::string head = path.substr(0, path.find_first_of(".["));
      if (head == "inputs") {
        // Composite action and reusable workflow inputs come from callers;
        // workflow_dispatch inputs from users with write access.
        v.report = true;
        v.severity = Severity::kMedium;
        v.confidence = site.action ? Confidence::kMedium : Confidence::kLow;
        v.why = "is an input whose value the caller chooses";
      } else if (head == "steps" || head == "needs" || head == "jobs") {
        v.report = true;
        v.severity = Severity::kMedium;
        v.confidence = Confidence::kLow;
        v.why = "is an output whose value may carry untrusted data";
      } else if (head == "matrix") {
        v.report = true;
        v.severity = Severity::kLow;
        v.confidence = Confidence::kLow;
        v.why = "is a matrix value";
      } else if (head == "env") {
        v.report = true;
        v.severity = Severity::kLow;
        v.confidence = Confidence::kLow;
        v.why =
            "is expanded into the script instead of being read as a variable";
      } else if (StartsWith(path, "github.event")) {
        v.report = true;
        v.severity = Severity::kMedium;
        v.confidence = Confidence::kLow;
        v.why = "is event payload data whose contents are not known to be safe";
      } else {
        return v;
      }
      break;
    }
  }
  // A payload field the workflow's triggers never carry is far less likely
  // to be exploitable (unless this is a reusable workflow or an action,
  // where the caller's event is unknown).
  if (!info.events.empty() && site.workflow &&
      !site.workflow->on.Has("workflow_call")) {
    bool carried = false;
    for (const auto& ev : info.events)
      carried = carried || site.workflow->on.Has(ev);
    if (!carried) {
      v.confidence = Confidence::kLow;
      v.why += " (though none of this workflow's triggers carries it)";
    }
  }
  if (ref.via_json && v.severity > Severity::kMedium) {
    // JSON-encoded text is still code when spliced into a script, but
    // quoting makes naive payloads fail.
    v.confidence = std::min(v.confidence, Confidence::kMedium);
  }
  return v;
}

// Follows env, step/job outputs and inputs back to attacker-controlled
// contexts (taint.h), across files. Returns true when it reported the
// reference; false leaves it to Judge().
bool ReportTainted(const expr::ContextRef& ref, std::string_view used,
                   const std::string& snippet,
                   const std::function<Location()>& where, const char* sink,
                   const StepSite& site, AuditContext& ctx,
                   const RuleInfo& rule) {
  const std::string head = ref.path.substr(0, ref.path.find_first_of(".["));
  if (head != "env" && head != "steps" && head != "needs" && head != "inputs" &&
      !StartsWith(ref.path, "github.event.inputs."))
    return false;
  TaintTracker tracker(ctx.repo());
  for (const Taint& t : tracker.OfContext(ref.path, ScopeOf(site))) {
    if (t.capability != Capability::kArbitrary) continue;
    Confidence confidence = Confidence::kHigh;
    std::string note;
    if (!t.from_caller && !t.events.empty() && site.workflow &&
        !site.workflow->on.Has("workflow_call")) {
      bool carried = false;
      for (const auto& ev : t.events)
        carried = carried || site.workflow->on.Has(ev);
      if (!carried) {
        confidence = Confidence::kLow;
        note = " (though none of this workflow's triggers carries it)";
      }
    }
    if (ref.via_json || t.via_json)
      confidence = std::min(confidence, Confidence::kMedium);
    FindingBuilder b = ctx.New(rule);
    b.Severity(Severity::kHigh)
        .Confidence(confidence)
        .Message("`" + std::string(used) +
                 "` carries attacker-controlled text (" + t.chain + ")" + note +
                 ", and is expanded into " + sink + " before it runs")
        .At(where())
        .Remediation(
            "Pass the value through an environment variable (env: VALUE: ${{ " +
            ref.path + " }}) and use \"$VALUE\" in the script.")
        .Snippet(snippet);
    for (const Location& hop : t.hops) b.Related(hop);
    ctx.Report(b.Build());
    return true;
  }
  return false;
}

// Contexts whose expansion into code is worth a pedantic note even when an
// outsider cannot choose the value: the habit of splicing expressions into
// scripts is what turns the next, attacker-controlled one into an injection.
// Unknown contexts are the expression audit's; secrets are other audits'.
bool HygieneContext(const std::string& path) {
  const std::string head = path.substr(0, path.find_first_of(".["));
  static constexpr std::string_view kHeads[] = {
      "github", "env", "matrix",   "inputs", "steps", "needs",
      "jobs",   "job", "strategy", "runner", "vars"};
  for (std::string_view h : kHeads)
    if (head == h) return true;
  return false;
}

// `why` is the low-confidence verdict's reason (an output, an input, an
// env value whose source is unknown), or empty for values GitHub fixes.
void ReportHygiene(const expr::ContextRef& ref, std::string_view used,
                   const std::string& why, const std::string& snippet,
                   Location where, const char* sink, AuditContext& ctx,
                   const RuleInfo& rule) {
  std::string message = "`";
  message.append(used);
  if (why.empty()) {
    message.append(
        "` cannot carry code (GitHub sets or constrains its value), but is "
        "expanded into ");
  } else {
    message.append("` ");
    message.append(why);
    message.append("; it is expanded into ");
  }
  message.append(sink);
  message.append(
      " before it runs, and expressions spliced into code are how injections "
      "start");
  std::string remediation =
      "Pass the value through an environment variable (env: VALUE: ${{ ";
  remediation.append(ref.path);
  remediation.append(" }}) and use \"$VALUE\".");
  ctx.Report(ctx.New(rule)
                 .Severity(Severity::kInfo)
                 .Confidence(Confidence::kHigh)
                 .Message(std::move(message))
                 .At(std::move(where))
                 .Remediation(std::move(remediation))
                 .Snippet(snippet)
                 .Build());
}

void ScanCode(const model::Str& code, const std::string& route,
              const char* sink, const StepSite& site, AuditContext& ctx,
              const RuleInfo& rule) {
  if (!code.node || !code.node->IsScalar()) return;
  const std::string& text = code.node->value;
  if (text.find("${{") == std::string::npos) return;
  std::vector<expr::Diagnostic> errors;
  for (const expr::Embedded& e : expr::ExtractEmbedded(text, &errors)) {
    expr::ParseResult parsed = expr::Parse(e.Inner(text));
    if (!parsed.ok()) continue;  // the expression audit reports syntax errors
    for (const expr::ContextRef& ref : expr::FlowingContexts(*parsed.root)) {
      const size_t begin = e.inner_offset + ref.offset;
      // Mapping a value offset to a file position is not free: only done
      // for what is reported.
      auto where = [&] {
        return ctx.AtValue(code.node, begin, begin + ref.length, route);
      };
      if (ReportTainted(ref, e.Inner(text).substr(ref.offset, ref.length),
                        std::string(text.substr(e.begin, e.end - e.begin)),
                        where, sink, site, ctx, rule))
        continue;
      Verdict v = Judge(ref, site);
      // Below the auditor persona a low-confidence verdict is dropped by the
      // engine; pedantic users still want the expansion itself pointed out.
      if (!v.report || (v.confidence == Confidence::kLow &&
                        ctx.persona() == Persona::kPedantic)) {
        if (ctx.persona() >= Persona::kPedantic && HygieneContext(ref.path))
          ReportHygiene(ref, e.Inner(text).substr(ref.offset, ref.length),
                        v.report ? v.why : std::string(),
                        std::string(text.substr(e.begin, e.end - e.begin)),
                        where(), sink, ctx, rule);
        continue;
      }
      Location loc = where();
      Finding f =
          ctx.New(rule)
              .Severity(v.severity)
              .Confidence(v.confidence)
              .Message(
                  "`" +
                  std::string(e.Inner(text).substr(ref.offset, ref.length)) +
                  "` " + v.why + ", and is expanded into " + sink +
                  " before it runs")
              .At(std::move(loc))
              .Remediation(
                  "Pass the value through an environment variable (env: VALUE: "
                  "${{ " +
                  ref.path + " }}) and use \"$VALUE\" in the script.")
              .Snippet(std::string(text.substr(e.begin, e.end - e.begin)))
              .Build();
      ctx.Report(std::move(f));
    }
  }
}

// Actions whose input is code that the action runs (a script, a shell
// command line or a query program), so an expression expanded into it is an
// injection just like one in `run:`. Kept to actions whose documentation says
// the input is executed; `owner/repo` or `owner/repo/path` for sub-actions.
struct CodeInput {
  std::string_view action;
  std::string_view input;
  const char* language;
};
constexpr CodeInput kCodeInputs[] = {
    {"actions/github-script", "script", "a JavaScript program"},
    {"azure/cli", "inlineScript", "an Azure CLI shell script"},
    {"azure/powershell", "inlineScript", "a PowerShell script"},
    {"Amadevus/pwsh-script", "script", "a PowerShell script"},
    {"jannekem/run-python-script-action", "script", "a Python program"},
    {"mikefarah/yq", "cmd", "a shell command line"},
    {"sergeysova/jq-action", "cmd", "a shell command line"},
    {"addnab/docker-run-action", "run", "a shell script in a container"},
    {"uraimo/run-on-arch-action", "run", "a shell script"},
    {"cross-platform-actions/action", "run", "a shell script in a VM"},
    {"appleboy/ssh-action", "script", "a remote shell script"},
    {"garygrossgarten/github-action-ssh", "command", "a remote shell command"},
    {"nick-fields/retry", "command", "a shell command"},
    {"nick-invision/retry", "command", "a shell command"},
    {"Wandalen/wretry.action", "command", "a shell command"},
    {"cloudflare/wrangler-action", "command", "a shell command"},
    {"cloudflare/wrangler-action", "preCommands", "a shell script"},
    {"cloudflare/wrangler-action", "postCommands", "a shell script"},
    {"pyTooling/Actions/with-post-step", "main", "a shell command"},
    {"pyTooling/Actions/with-post-step", "post", "a shell command"},
};

// IsAction matches `owner/repo`; a table entry naming a sub-action path
// (`owner/repo/path`) also needs that path, and a plain entry matches only
// the repository's root action.
bool SubPathMatches(std::string_view uses, std::string_view entry) {
  uses = Trim(uses);
  std::string_view path = uses.substr(0, uses.find('@'));
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return IEquals(path, entry);
}
}  // namespace

void TemplateInjection::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  if (step.run.present()) {
    ScanCode(step.run, site.route + ".run", "a shell script", site, ctx,
             info());
  }
  if (step.uses.value.empty()) return;
  for (const CodeInput& sink : kCodeInputs) {
    // IsAction compares `owner/repo`; the table may name a sub-action.
    const size_t owner_end = sink.action.find('/');
    const std::string_view slug =
        sink.action.substr(0, sink.action.find('/', owner_end + 1));
    if (!IsAction(step.uses.value, slug)) continue;
    // `owner/repo/path` sub-actions must match the table's path exactly.
    if (!SubPathMatches(step.uses.value, sink.action)) continue;
    if (const model::KeyValue* kv = step.With(sink.input)) {
      ScanCode(kv->value, site.route + ".with." + std::string(sink.input),
               sink.language, site, ctx, info());
    }
  }
}

}  // namespace sg::audit
