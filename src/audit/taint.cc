#include "audit/taint.h"

#include <cctype>

#include "audit/util.h"
#include "base/strings.h"
#include "model/expr/embedded.h"
#include "model/expr/parser.h"
#include "model/expr/taint.h"

namespace sg::audit {

namespace {

constexpr int kMaxDepth = 12;

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::vector<std::string_view> Lines(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < s.size()) out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::string Lower(std::string_view s) { return ToLower(s); }

// Step outputs of well-known actions that carry attacker-controlled text.
// Sources: each action's README / action.yml; the branch-name and
// changed-files ones are CVE-2023-49291 and CVE-2023-51664.
struct KnownOutput {
  std::string_view action;  // owner/repo
  std::string_view output;  // exact name, or a prefix/suffix when it has a `*`
  std::string_view source;  // description of what it carries
};
constexpr KnownOutput kKnownOutputs[] = {
    {"tj-actions/branch-names", "current_branch",
     "the pull request's head branch name"},
    {"tj-actions/branch-names", "head_ref_branch",
     "the pull request's head branch name"},
    {"tj-actions/branch-names", "ref_branch", "the pushed branch name"},
    {"tj-actions/changed-files", "*files*",
     "names of files changed by the pull request"},
    {"ana06/get-changed-files", "*",
     "names of files changed by the pull request"},
    {"jitterbit/get-changed-files", "*",
     "names of files changed by the pull request"},
    {"dorny/paths-filter", "*_files",
     "names of files changed by the pull request"},
    {"xt0rted/pull-request-comment-branch", "head_sha",
     "the pull request's head commit"},
    {"alessbell/pull-request-comment-branch", "head_ref",
     "the pull request's head branch name"},
    {"alessbell/pull-request-comment-branch", "head_sha",
     "the pull request's head commit"},
    {"xt0rted/pull-request-comment-branch", "head_ref",
     "the pull request's head branch name"},
    {"peter-evans/find-comment", "comment-body", "a comment body"},
    {"8bitjonny/gh-get-current-pr", "pr_title", "the pull request title"},
    {"8bitjonny/gh-get-current-pr", "pr_body", "the pull request body"},
    {"stefanbuck/github-issue-parser", "*", "fields of an issue body"},
    {"github/issue-parser", "*", "fields of an issue body"},
};

bool MatchOutput(std::string_view pattern, const std::string& name) {
  return GlobMatch(pattern, name, true);
}

// Actions that can shell-escape their file lists: dorny/paths-filter with
// `list-files: shell|escape`; tj-actions/changed-files since v41
// (`safe_output` defaults to true, the CVE-2023-51664 fix) unless turned
// off. An unknown version (a SHA) is taken as the current default.
bool OutputIsEscaped(const model::Step& s, const UsesRef& ref) {
  const std::string slug = ToLower(ref.slug());
  if (slug == "dorny/paths-filter") {
    const model::KeyValue* kv = s.With("list-files");
    const std::string v = kv ? ToLower(Trim(kv->value.value)) : "";
    return v == "shell" || v == "escape";
  }
  if (slug == "tj-actions/changed-files") {
    const model::KeyValue* kv = s.With("safe_output");
    if (kv && ToLower(Trim(kv->value.value)) == "false") return false;
    std::string r = ref.ref;
    if (!r.empty() && (r[0] == 'v' || r[0] == 'V')) r = r.substr(1);
    int major = 0;
    size_t i = 0;
    while (i < r.size() && std::isdigit(static_cast<unsigned char>(r[i])))
      major = major * 10 + (r[i++] - '0');
    return i == 0 || major >= 41;
  }
  return false;
}

Location Loc(const model::SourceFile& file, const yaml::Node* node,
             std::string route) {
  return LocationIn(file, node, std::move(route));
}

std::string StepRoute(const TaintScope& s, const model::Step& step) {
  if (s.job)
    return "jobs." + s.job->id + ".steps[" + std::to_string(step.index) + "]";
  return "runs.steps[" + std::to_string(step.index) + "]";
}

const std::vector<model::Step>* StepsOf(const TaintScope& s) {
  if (s.job) return &s.job->steps;
  if (s.action) return &s.action->steps;
  return nullptr;
}

TaintScope AtStep(const TaintScope& s, const model::Step& step) {
  TaintScope t = s;
  t.step = &step;
  t.step_index = step.index;
  return t;
}

void Prefix(std::vector<Taint>* ts, const std::string& what, Location hop) {
  if (hop.note.empty()) hop.note = "`" + what + "` gets its value here";
  for (Taint& t : *ts) {
    t.chain = what + " <- " + t.chain;
    t.hops.insert(t.hops.begin(), hop);
  }
}

void Append(std::vector<Taint>* to, std::vector<Taint> more) {
  for (auto& t : more) to->push_back(std::move(t));
}

// `NAME=value` / `NAME<<DELIM` records written to `target` (GITHUB_OUTPUT or
// GITHUB_ENV) by a script: name -> the text that produces the value.
struct Record {
  std::string name;
  std::string value;
};

std::vector<Record> ScriptWrites(std::string_view script,
                                 std::string_view target) {
  std::vector<Record> out;
  std::vector<std::string_view> lines = Lines(script);
  auto parse_record = [&](std::string_view line, size_t i, size_t* consumed) {
    // Cut the redirection off.
    std::string_view body = line;
    if (size_t r = body.find('>'); r != std::string_view::npos)
      body = body.substr(0, r);
    if (size_t p = body.find('|'); p != std::string_view::npos)
      body = body.substr(0, p);
    // Skip the command word (echo, printf, ...).
    size_t k = 0;
    while (k < body.size() && (body[k] == ' ' || body[k] == '\t')) ++k;
    size_t word_end = body.find_first_of(" \t", k);
    if (word_end == std::string_view::npos) return;
    std::string_view cmd = body.substr(k, word_end - k);
    if (cmd != "echo" && cmd != "printf") return;
    std::string_view rest = body.substr(word_end);
    while (!rest.empty() && (rest[0] == ' ' || rest[0] == '\t'))
      rest.remove_prefix(1);
    while (StartsWith(rest, "-")) {  // echo -e / -n
      size_t sp = rest.find(' ');
      if (sp == std::string_view::npos) return;
      rest = rest.substr(sp + 1);
    }
    if (!rest.empty() && (rest[0] == '"' || rest[0] == '\''))
      rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && (IsNameChar(rest[n]) || rest[n] == '-')) ++n;
    if (n == 0 || n >= rest.size()) return;
    std::string name(rest.substr(0, n));
    if (rest[n] == '=') {
      out.push_back({name, std::string(rest.substr(n + 1))});
    } else if (rest.substr(n, 2) == "<<") {
      std::string delim(rest.substr(n + 2));
      while (!delim.empty() && !IsNameChar(delim.back())) delim.pop_back();
      while (!delim.empty() && !IsNameChar(delim.front())) delim.erase(0, 1);
      std::string value;
      size_t j = i + 1;
      for (; j < lines.size(); ++j) {
        std::string_view t = Trim(lines[j]);
        if (!delim.empty() && t.find(delim) != std::string_view::npos &&
            t.find('$') == std::string_view::npos)
          break;
        value += std::string(lines[j]) + "\n";
      }
      out.push_back({name, value});
      *consumed = j;
    }
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (line.find(target) == std::string_view::npos) continue;
    std::string_view t = Trim(line);
    if (StartsWith(t, "}")) {
      // `{ echo a=1; echo b=2; } >> "$GITHUB_OUTPUT"`: the block above.
      size_t j = i;
      while (j > 0 && Trim(lines[j - 1]) != "{") --j;
      for (size_t k = j; k < i; ++k) {
        size_t consumed = k;
        parse_record(lines[k], k, &consumed);
      }
      continue;
    }
    size_t consumed = i;
    parse_record(t, i, &consumed);
    i = std::max(i, consumed);
  }
  return out;
}

// The events' payload read from disk with jq or a GitHub CLI query of
// free-text fields: attacker text without any `${{ }}`.
bool ReadsPayloadText(std::string_view text) {
  const bool payload =
      text.find("GITHUB_EVENT_PATH") != std::string_view::npos ||
      text.find("gh pr view") != std::string_view::npos ||
      text.find("gh issue view") != std::string_view::npos ||
      text.find("gh api") != std::string_view::npos;
  if (!payload) return false;
  for (std::string_view field : {"title", "body", "head.ref", "head_ref",
                                 "headRefName", "message", "comment"})
    if (text.find(field) != std::string_view::npos) return true;
  return false;
}

}  // namespace

Location LocationIn(const model::SourceFile& file, const yaml::Node* node,
                    std::string route) {
  Location loc;
  loc.path = file.path;
  loc.route = std::move(route);
  if (node) loc.span = node->span;
  return loc;
}

TaintScope ScopeOf(const StepSite& site) {
  TaintScope s;
  s.file = site.file;
  s.workflow = site.workflow;
  s.job = site.job;
  s.action = site.action;
  s.step = site.step;
  s.step_index = site.step ? site.step->index : 0;
  return s;
}

std::vector<Taint> TaintTracker::OfContext(const std::string& path,
                                           const TaintScope& scope) const {
  return Context(path, scope, 0);
}
std::vector<Taint> TaintTracker::OfShellVar(const std::string& name,
                                            const TaintScope& scope) const {
  return EnvVar(name, scope, /*shell=*/true, 0);
}
std::vector<Taint> TaintTracker::OfText(std::string_view text,
                                        const TaintScope& scope,
                                        bool shell) const {
  return Text(text, scope, shell, 0);
}

std::vector<Taint> TaintTracker::Context(const std::string& path,
                                         const TaintScope& scope,
                                         int depth) const {
  std::vector<Taint> out;
  if (!Spend()) return out;
  if (depth > kMaxDepth) return out;
  std::vector<std::string> parts = Split(path, '.');
  if (parts.empty()) return out;
  const std::string& head = parts[0];
  if (head == "env" && parts.size() >= 2)
    return EnvVar(parts[1], scope, false, depth + 1);
  if (head == "steps" && parts.size() >= 4 && parts[2] == "outputs")
    return StepOutput(parts[1], parts[3], scope, depth + 1);
  if (head == "needs" && parts.size() >= 4 && parts[2] == "outputs")
    return JobOutput(parts[1], parts[3], scope, depth + 1);
  if (head == "inputs" && parts.size() >= 2)
    return Input(parts[1], scope, depth + 1);
  if (StartsWith(path, "github.event.inputs.") && parts.size() >= 4)
    return Input(parts[3], scope, depth + 1);
  ContextInfo info = ClassifyContext(path);
  if (info.capability == Capability::kArbitrary ||
      info.capability == Capability::kStructured) {
    Taint t;
    t.source = path;
    t.capability = info.capability;
    t.events = info.events;
    t.chain = path;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Taint> TaintTracker::Text(std::string_view text,
                                      const TaintScope& scope, bool shell,
                                      int depth) const {
  std::vector<Taint> out;
  if (!Spend()) return out;
  if (depth > kMaxDepth) return out;
  std::vector<expr::Diagnostic> errors;
  std::vector<expr::Embedded> embedded;
  if (text.find("${{") != std::string_view::npos)
    embedded = expr::ExtractEmbedded(text, &errors);
  for (const expr::Embedded& e : embedded) {
    expr::ParseResult parsed = expr::Parse(e.Inner(text));
    if (!parsed.ok()) continue;
    for (const expr::ContextRef& ref : expr::FlowingContexts(*parsed.root)) {
      std::vector<Taint> ts = Context(ref.path, scope, depth + 1);
      for (Taint& t : ts) t.via_json = t.via_json || ref.via_json;
      Append(&out, std::move(ts));
    }
  }
  if (!shell) return out;
  // $NAME and ${NAME...} outside expressions.
  size_t next_expr = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (next_expr < embedded.size() && i >= embedded[next_expr].begin) {
      i = embedded[next_expr].end - 1;
      ++next_expr;
      continue;
    }
    if (text[i] != '$' || i + 1 >= text.size()) continue;
    if (i > 0 && text[i - 1] == '\\') continue;
    size_t k = i + 1;
    if (text[k] == '{') ++k;
    size_t n = k;
    while (n < text.size() && IsNameChar(text[n])) ++n;
    if (n == k || std::isdigit(static_cast<unsigned char>(text[k]))) continue;
    std::string name(text.substr(k, n - k));
    if (StartsWith(name, "GITHUB_") || StartsWith(name, "RUNNER_")) continue;
    Append(&out, EnvVar(name, scope, true, depth + 1));
  }
  if (ReadsPayloadText(text)) {
    Taint t;
    t.source = "event payload text (read with jq or gh)";
    t.capability = Capability::kArbitrary;
    t.chain = t.source;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Taint> TaintTracker::EnvVar(const std::string& raw_name,
                                        const TaintScope& scope, bool shell,
                                        int depth) const {
  std::vector<Taint> out;
  if (!Spend()) return out;
  if (depth > kMaxDepth || !scope.file) return out;
  // Env names are case-insensitive in the env context, case-sensitive in
  // the shell; matching case-insensitively over-approximates both.
  const std::string name = Lower(raw_name);
  auto from_list = [&](const std::vector<model::KeyValue>& env,
                       const std::string& route, const TaintScope& at) -> bool {
    for (const model::KeyValue& kv : env) {
      if (Lower(kv.key.value) != name) continue;
      std::vector<Taint> ts = Text(kv.value.value, at, false, depth + 1);
      Prefix(&ts, (shell ? "$" : "env.") + kv.key.value,
             Loc(*scope.file, kv.value_node ? kv.value_node : kv.key.node,
                 route + "." + kv.key.value));
      Append(&out, std::move(ts));
      return true;
    }
    return false;
  };
  const std::vector<model::Step>* steps = StepsOf(scope);
  // 1. A shell assignment earlier in this step's own script.
  if (shell && scope.step && scope.step->run.present()) {
    for (std::string_view line : Lines(scope.step->run.value)) {
      std::string_view t = Trim(line);
      if (StartsWith(t, "export ")) t = Trim(t.substr(7));
      if (StartsWith(t, "local ")) t = Trim(t.substr(6));
      if (t.size() <= raw_name.size() ||
          t.substr(0, raw_name.size()) != raw_name || t[raw_name.size()] != '=')
        continue;
      std::string_view value = t.substr(raw_name.size() + 1);
      // Guard against X=$X loops: resolve the right side without this step.
      TaintScope outer = scope;
      outer.step = nullptr;
      std::vector<Taint> ts = Text(value, outer, true, depth + 1);
      Prefix(&ts, "$" + raw_name,
             Loc(*scope.file, scope.step->run.node,
                 StepRoute(scope, *scope.step) + ".run"));
      Append(&out, std::move(ts));
    }
  }
  // 2. The step's own env.
  if (scope.step &&
      from_list(scope.step->env, StepRoute(scope, *scope.step) + ".env", scope))
    return out;
  // 3. GITHUB_ENV writes of earlier steps.
  if (steps) {
    for (const model::Step& s : *steps) {
      if (s.index >= scope.step_index && scope.step) break;
      if (!s.run.present()) continue;
      for (const Record& r : ScriptWrites(s.run.value, "GITHUB_ENV")) {
        if (Lower(r.name) != name) continue;
        std::vector<Taint> ts =
            Text(r.value, AtStep(scope, s), true, depth + 1);
        Prefix(&ts, "GITHUB_ENV " + r.name,
               Loc(*scope.file, s.run.node, StepRoute(scope, s) + ".run"));
        Append(&out, std::move(ts));
      }
    }
  }
  // 4. Job env, then workflow env (job-level scopes see no step).
  TaintScope job_scope = scope;
  job_scope.step = nullptr;
  job_scope.step_index = 0;
  if (scope.job &&
      from_list(scope.job->env, "jobs." + scope.job->id + ".env", job_scope))
    return out;
  if (scope.workflow) {
    TaintScope wf_scope = job_scope;
    wf_scope.job = nullptr;
    from_list(scope.workflow->env, "env", wf_scope);
  }
  return out;
}

std::vector<Taint> TaintTracker::StepOutput(const std::string& step_id,
                                            const std::string& output,
                                            const TaintScope& scope,
                                            int depth) const {
  std::vector<Taint> out;
  const std::vector<model::Step>* steps = StepsOf(scope);
  if (!steps || depth > kMaxDepth) return out;
  for (const model::Step& s : *steps) {
    if (scope.step && s.index >= scope.step_index) break;
    if (Lower(s.id.value) != step_id) continue;
    const std::string route = StepRoute(scope, s);
    const std::string what = "steps." + s.id.value + ".outputs." + output;
    if (s.uses.present()) {
      UsesRef ref = ParseUses(s.uses.value);
      if (ref.kind == UsesRef::Kind::kRepository) {
        const std::string slug = Lower(ref.slug());
        for (const KnownOutput& k : kKnownOutputs) {
          if (slug != k.action || !MatchOutput(k.output, output)) continue;
          if (OutputIsEscaped(s, ref)) break;
          Taint t;
          t.source = std::string(k.source) + " (output `" + output + "` of " +
                     std::string(k.action) + ")";
          // A commit id cannot carry shell syntax.
          t.capability = std::string_view(k.source).find("commit") !=
                                 std::string_view::npos
                             ? Capability::kStructured
                             : Capability::kArbitrary;
          t.chain = what + " <- " + t.source;
          t.hops.push_back(Loc(*scope.file, s.uses.node, route + ".uses"));
          t.hops.back().note = "`" + what + "` is set by this action";
          out.push_back(std::move(t));
          break;
        }
      } else if (ref.kind == UsesRef::Kind::kLocal) {
        if (const model::SourceFile* af =
                repo_.ResolveLocalAction(s.uses.value)) {
          const model::Action& a = *af->action;
          for (const model::KeyValue& kv : a.outputs) {
            if (Lower(kv.key.value) != output) continue;
            // The composite output's value, evaluated after its last step.
            const yaml::Node* vnode = kv.value_node;
            std::string value = kv.value.value;
            if (vnode && vnode->IsMap()) {
              if (const yaml::Node* v = vnode->Get("value")) {
                value = model::ScalarText(v);
                vnode = v;
              }
            }
            TaintScope as;
            as.file = af;
            as.action = &a;
            as.step_index = static_cast<int>(a.steps.size());
            std::vector<Taint> ts = Text(value, as, false, depth + 1);
            Prefix(&ts, what, Loc(*af, vnode, "outputs." + kv.key.value));
            Append(&out, std::move(ts));
          }
        }
      }
    }
    if (s.run.present()) {
      for (const Record& r : ScriptWrites(s.run.value, "GITHUB_OUTPUT")) {
        if (Lower(r.name) != output) continue;
        std::vector<Taint> ts =
            Text(r.value, AtStep(scope, s), true, depth + 1);
        Prefix(&ts, what, Loc(*scope.file, s.run.node, route + ".run"));
        Append(&out, std::move(ts));
      }
    }
  }
  return out;
}

std::vector<Taint> TaintTracker::JobOutput(const std::string& job_id,
                                           const std::string& output,
                                           const TaintScope& scope,
                                           int depth) const {
  std::vector<Taint> out;
  if (!scope.workflow || depth > kMaxDepth) return out;
  for (const model::Job& j : scope.workflow->jobs) {
    if (Lower(j.id) != job_id) continue;
    for (const model::KeyValue& kv : j.outputs) {
      if (Lower(kv.key.value) != output) continue;
      TaintScope js;
      js.file = scope.file;
      js.workflow = scope.workflow;
      js.job = &j;
      js.step_index = static_cast<int>(j.steps.size());
      std::vector<Taint> ts = Text(kv.value.value, js, false, depth + 1);
      Prefix(&ts, "needs." + j.id + ".outputs." + kv.key.value,
             Loc(*scope.file, kv.value_node,
                 "jobs." + j.id + ".outputs." + kv.key.value));
      Append(&out, std::move(ts));
    }
  }
  return out;
}

std::vector<Taint> TaintTracker::Input(const std::string& name,
                                       const TaintScope& scope,
                                       int depth) const {
  std::vector<Taint> out;
  if (depth > kMaxDepth || !scope.file) return out;
  auto mark = [&](std::vector<Taint>* ts, const model::SourceFile& caller,
                  const yaml::Node* node, const std::string& route) {
    Location at = Loc(caller, node, route);
    at.note = "a caller passes `inputs." + name + "` here";
    Prefix(ts, "inputs." + name, std::move(at));
    for (Taint& t : *ts) t.from_caller = true;
  };
  if (scope.workflow) {
    // Only workflow_call inputs come from other workflows; typed ones
    // cannot carry text.
    bool call_input = false;
    for (const auto& in : scope.workflow->on.call_inputs) {
      if (Lower(in.name) != name) continue;
      if (in.type == "boolean" || in.type == "number") return out;
      call_input = true;
    }
    if (!call_input) return out;
    for (const auto& f : repo_.files()) {
      if (!f->workflow) continue;
      for (const model::Job& j : f->workflow->jobs) {
        if (!j.uses.present() ||
            repo_.ResolveLocalWorkflow(j.uses.value) != scope.file)
          continue;
        for (const model::KeyValue& kv : j.with) {
          if (Lower(kv.key.value) != name) continue;
          TaintScope cs;
          cs.file = f.get();
          cs.workflow = &*f->workflow;
          cs.job = &j;
          std::vector<Taint> ts = Text(kv.value.value, cs, false, depth + 1);
          mark(&ts, *f, kv.value_node,
               "jobs." + j.id + ".with." + kv.key.value);
          Append(&out, std::move(ts));
        }
      }
    }
    return out;
  }
  if (!scope.action) return out;
  for (const auto& f : repo_.files()) {
    auto scan = [&](const std::vector<model::Step>& steps, TaintScope base) {
      for (const model::Step& s : steps) {
        if (!s.uses.present() ||
            repo_.ResolveLocalAction(s.uses.value) != scope.file)
          continue;
        const model::KeyValue* kv = s.With(name);
        if (!kv) {
          // Case-insensitive lookup.
          for (const auto& w : s.with)
            if (Lower(w.key.value) == name) kv = &w;
        }
        if (!kv) continue;
        TaintScope cs = AtStep(base, s);
        std::vector<Taint> ts = Text(kv->value.value, cs, false, depth + 1);
        mark(&ts, *f, kv->value_node,
             StepRoute(cs, s) + ".with." + kv->key.value);
        Append(&out, std::move(ts));
      }
    };
    if (f->workflow) {
      for (const model::Job& j : f->workflow->jobs) {
        TaintScope base;
        base.file = f.get();
        base.workflow = &*f->workflow;
        base.job = &j;
        scan(j.steps, base);
      }
    }
    if (f->action && f.get() != scope.file) {
      TaintScope base;
      base.file = f.get();
      base.action = &*f->action;
      scan(f->action->steps, base);
    }
  }
  return out;
}

std::vector<TaintTracker::FileWrite> TaintTracker::TaintedFileWrites(
    const TaintScope& scope) const {
  std::vector<FileWrite> out;
  const std::vector<model::Step>* steps = StepsOf(scope);
  if (!steps) return out;
  auto clean_path = [](std::string_view p) {
    std::string s;
    for (char c : p)
      if (c != '"' && c != '\'') s += c;
    size_t slash = s.rfind('/');
    return slash == std::string::npos ? s : s.substr(slash + 1);
  };
  for (const model::Step& s : *steps) {
    if (scope.step && s.index >= scope.step_index) break;
    if (!s.run.present()) continue;
    std::vector<std::string_view> lines = Lines(s.run.value);
    TaintScope ws = AtStep(scope, s);
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string_view line = lines[i];
      if (line.find("GITHUB_") != std::string_view::npos) continue;
      std::string target;
      size_t r = line.find('>');
      if (r != std::string_view::npos && (r == 0 || line[r - 1] != '2') &&
          (r + 1 >= line.size() || line[r + 1] != '&')) {
        size_t b = r + 1;
        if (b < line.size() && line[b] == '>') ++b;
        while (b < line.size() && line[b] == ' ') ++b;
        size_t e = line.find_first_of(" ;|&<", b);
        target = std::string(
            line.substr(b, e == std::string_view::npos ? e : e - b));
      } else if (size_t tee = line.find("tee ");
                 tee != std::string_view::npos) {
        std::string_view rest = line.substr(tee + 4);
        for (const auto& w : Split(rest, ' ')) {
          std::string_view wt = Trim(w);
          if (wt.empty() || wt[0] == '-') continue;
          target = std::string(wt);
          break;
        }
      }
      if (target.empty() || target == "/dev/null") continue;
      std::string text(line);
      // `{ ...; } > file` writes what the block prints.
      if (StartsWith(Trim(line), "}")) {
        size_t j = i;
        while (j > 0 && Trim(lines[j - 1]) != "{") --j;
        for (size_t k = (j > 0 ? j : 0); k < i; ++k)
          text += "\n" + std::string(lines[k]);
      }
      // `cat > file <<EOF` takes the heredoc body.
      if (size_t h = line.find("<<"); h != std::string_view::npos) {
        std::string delim(line.substr(h + 2));
        while (!delim.empty() && !IsNameChar(delim.front())) delim.erase(0, 1);
        size_t de = 0;
        while (de < delim.size() && IsNameChar(delim[de])) ++de;
        delim.resize(de);
        for (size_t j = i + 1; j < lines.size(); ++j) {
          if (!delim.empty() && Trim(lines[j]) == delim) break;
          text += "\n" + std::string(lines[j]);
        }
      }
      for (Taint& t : Text(text, ws, true, 1)) {
        if (t.capability != Capability::kArbitrary) continue;
        t.chain = "file " + clean_path(target) + " <- " + t.chain;
        t.hops.insert(t.hops.begin(), Loc(*scope.file, s.run.node,
                                          StepRoute(scope, s) + ".run"));
        t.hops.front().note = "`" + clean_path(target) + "` is written here";
        out.push_back({clean_path(target), std::move(t)});
      }
    }
  }
  return out;
}

}  // namespace sg::audit
