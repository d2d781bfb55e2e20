#include "audit/github_env.h"

#include <cctype>
#include <regex>

#include "audit/contexts.h"
#include "audit/util.h"
#include "base/strings.h"
#include "model/expr/embedded.h"
#include "model/expr/parser.h"
#include "model/expr/taint.h"

namespace sg::audit {

const RuleInfo& GithubEnv::info() const {
  static const RuleInfo kInfo{
      "github-env", Severity::kHigh,
      "computed data written to GITHUB_ENV or GITHUB_PATH in a "
      "privileged workflow"};
  return kInfo;
}

std::string ShellFamily(std::string_view shell) {
  std::string s(Trim(shell));
  if (size_t sp = s.find(' '); sp != std::string::npos) s.resize(sp);
  if (size_t sl = s.rfind('/'); sl != std::string::npos) s = s.substr(sl + 1);
  if (size_t sl = s.rfind('\\'); sl != std::string::npos) s = s.substr(sl + 1);
  s = ToLower(s);
  if (s.size() > 4 && s.substr(s.size() - 4) == ".exe") s.resize(s.size() - 4);
  if (s == "bash" || s == "sh" || s == "zsh" || s == "dash" || s == "ksh")
    return "bash";
  if (s == "pwsh" || s == "powershell") return "pwsh";
  if (s == "cmd") return "cmd";
  if (StartsWith(s, "python")) return "python";
  return "";
}

namespace {

// Literal-only output commands: `echo FOO=bar`, `echo "FOO=bar"`,
// `printf 'X\n'`, `Write-Output 'a'`: no expansion, no substitution.
bool LiteralEcho(std::string_view cmd, std::string_view shell) {
  std::string c(Trim(cmd));
  std::string lower = ToLower(c);
  bool echo = false;
  for (std::string_view w :
       {"echo ", "printf ", "write-output ", "write-host "}) {
    if (StartsWith(lower, w)) echo = true;
  }
  if (!echo) {
    // pwsh: a bare string literal piped to a cmdlet.
    if (shell == "pwsh" && !c.empty() && (c[0] == '"' || c[0] == '\''))
      echo = true;
  }
  if (!echo) return false;
  if (shell == "cmd")
    return c.find('%') == std::string::npos && c.find('!') == std::string::npos;
  return c.find('$') == std::string::npos && c.find('`') == std::string::npos &&
         c.find('<') == std::string::npos;
}

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::vector<EnvFileWrite> FindEnvFileWrites(std::string_view script,
                                            std::string_view shell) {
  static const std::regex kBashRedirect(
      R"re(>>?\s*["']?\$\{?(GITHUB_ENV|GITHUB_PATH)\b)re");
  static const std::regex kBashTee(
      R"re(\btee\b[^|;&\n]*["']?\$\{?(GITHUB_ENV|GITHUB_PATH)\b)re");
  static const std::regex kPwsh(
      R"re((>>?|out-file|add-content|set-content|tee-object)[^\n]*\$env:(GITHUB_ENV|GITHUB_PATH)\b)re",
      std::regex::icase);
  static const std::regex kCmd(R"re(>>?\s*"?%(GITHUB_ENV|GITHUB_PATH)%)re",
                               std::regex::icase);
  std::vector<EnvFileWrite> out;
  size_t pos = 0;
  while (pos < script.size()) {
    // One logical line: backslash (bash) / backtick (pwsh) continuations join.
    size_t begin = pos, end = pos;
    for (;;) {
      end = script.find('\n', end);
      if (end == std::string_view::npos) end = script.size();
      std::string_view piece = script.substr(begin, end - begin);
      std::string_view t = Trim(piece);
      const bool cont = !t.empty() && (t.back() == '\\' ||
                                       (shell == "pwsh" && t.back() == '`'));
      if (!cont || end >= script.size()) break;
      ++end;
    }
    pos = end + 1;
    std::string line(script.substr(begin, end - begin));
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    // Every pattern below names GITHUB_ENV or GITHUB_PATH; most lines of most
    // scripts do not, and std::regex is slow, so look for that first.
    const std::string upper = ToUpper(line);
    if (upper.find("GITHUB_ENV") == std::string::npos &&
        upper.find("GITHUB_PATH") == std::string::npos)
      continue;
    std::smatch m;
    const std::regex* re = shell == "pwsh"  ? &kPwsh
                           : shell == "cmd" ? &kCmd
                                            : &kBashRedirect;
    bool found = std::regex_search(line, m, *re);
    std::string dest;
    size_t cmd_end = 0;
    if (found) {
      dest = m[shell == "pwsh" ? 2 : 1].str();
      for (char& ch : dest)
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      cmd_end = m.position(0);
    } else if (shell == "bash" && std::regex_search(line, m, kBashTee)) {
      found = true;
      dest = m[1].str();
      cmd_end = line.rfind('|', m.position(0));
      if (cmd_end == std::string::npos) cmd_end = 0;
    }
    if (!found) continue;
    // The producing command: the last pipeline / list element before the
    // redirect (pwsh pipes into Out-File).
    std::string cmd = line.substr(0, cmd_end);
    if (shell == "pwsh") {
      if (size_t bar = cmd.rfind('|'); bar != std::string::npos)
        cmd = cmd.substr(0, bar);
    }
    for (std::string_view sep : {"&&", "||", ";"}) {
      if (size_t at = cmd.rfind(sep); at != std::string::npos)
        cmd = cmd.substr(at + sep.size());
    }
    if (LiteralEcho(cmd, shell)) continue;
    out.push_back({dest, begin, end});
  }
  return out;
}

namespace {

bool HasArbitraryContext(std::string_view text) {
  if (text.find("${{") == std::string_view::npos) return false;
  for (const auto& e : expr::ExtractEmbedded(text, nullptr)) {
    expr::ParseResult parsed = expr::Parse(e.Inner(text));
    if (!parsed.ok()) continue;
    for (const expr::ContextRef& ref : expr::FlowingContexts(*parsed.root)) {
      if (ClassifyContext(ref.path).capability == Capability::kArbitrary)
        return true;
    }
  }
  return false;
}

// Does the job visibly bring outsider data into the workspace or the step?
bool HandlesOutsiderData(const StepSite& site) {
  for (const model::KeyValue& kv : site.step->env)
    if (HasArbitraryContext(kv.value.value)) return true;
  if (HasArbitraryContext(site.step->run.value)) return true;
  if (!site.job) return false;
  for (const model::Step& s : site.job->steps) {
    if (s.index >= site.step->index) break;
    if (s.uses.present()) {
      const std::string uses = ToLower(s.uses.value);
      if (IsAction(uses, "actions/download-artifact") ||
          IsAction(uses, "dawidd6/action-download-artifact"))
        return true;
      if (IsAction(uses, "actions/checkout")) {
        const model::KeyValue* ref = s.With("ref");
        const std::string r = ref ? ToLower(ref->value.value) : "";
        for (std::string_view head :
             {"head.sha", "head.ref", "head_sha", "head_branch", "refs/pull/",
              "merge_commit_sha"}) {
          if (r.find(head) != std::string::npos) return true;
        }
      }
    }
    if (s.run.present() &&
        s.run.value.find("gh run download") != std::string::npos)
      return true;
  }
  return false;
}

std::string StepShell(const StepSite& site) {
  if (site.step->shell.present()) return site.step->shell.value;
  auto defaults_shell = [](const yaml::Node* defaults) -> std::string {
    if (!defaults || !defaults->IsMap()) return "";
    const yaml::Node* run = defaults->Get("run");
    const yaml::Node* shell = run && run->IsMap() ? run->Get("shell") : nullptr;
    return shell && shell->IsScalar() ? shell->value : "";
  };
  if (site.job) {
    if (std::string s = defaults_shell(site.job->defaults); !s.empty())
      return s;
  }
  if (site.workflow) {
    if (std::string s = defaults_shell(site.workflow->defaults); !s.empty())
      return s;
  }
  // Windows runners default to pwsh.
  if (site.job) {
    for (const model::Str& l : site.job->runs_on_parsed.labels)
      if (StartsWith(ToLower(l.value), "windows")) return "pwsh";
  }
  return "bash";
}

}  // namespace

void GithubEnv::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  if (!step.run.present()) return;
  if (site.workflow && !site.workflow->on.Has("pull_request_target") &&
      !site.workflow->on.Has("workflow_run"))
    return;
  const std::string family = ShellFamily(StepShell(site));
  if (family != "bash" && family != "pwsh" && family != "cmd") return;
  const std::string& script = step.run.value;
  const auto writes = FindEnvFileWrites(script, family);
  if (writes.empty()) return;
  const bool outsider = site.workflow && HandlesOutsiderData(site);
  for (const EnvFileWrite& w : writes) {
    const std::string what =
        site.workflow ? "this workflow runs with a privileged trigger"
                      : "this composite action may run in privileged workflows";
    ctx.Report(
        ctx.New(info())
            .Confidence(outsider ? Confidence::kMedium : Confidence::kLow)
            .Message(
                "computed data is written to `" + w.destination + "` and " +
                what +
                (outsider
                     ? "; the job handles data from outsiders, who could "
                       "set variables such as LD_PRELOAD or PATH for every "
                       "later step"
                     : ": whoever controls the value controls the "
                       "environment of every later step"))
            .At(ctx.AtValue(step.run.node, w.begin, w.end, site.route + ".run"))
            .Remediation(
                "Do not pass outsider data through `" + w.destination +
                "`: use step outputs (`$GITHUB_OUTPUT`) read through `env:`, "
                "validate the value first, and never write a variable name "
                "taken from the data.")
            .Snippet(std::string(Trim(script.substr(w.begin, w.end - w.begin))))
            .Build());
  }
}

}  // namespace sg::audit
