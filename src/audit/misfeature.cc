#include "audit/misfeature.h"

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& Misfeature::info() const {
  static const RuleInfo kInfo{"misfeature", Severity::kLow,
                              "use of a GitHub Actions misfeature"};
  return kInfo;
}

namespace {

// `defaults: run: shell:` of a workflow or job.
const yaml::Node* DefaultShell(const yaml::Node* defaults) {
  if (!defaults || !defaults->IsMap()) return nullptr;
  const yaml::Node* run = defaults->Get("run");
  if (!run || !run->IsMap()) return nullptr;
  const yaml::Node* shell = run->Get("shell");
  return shell && shell->IsScalar() ? shell : nullptr;
}

// The program of a `shell:` value: `bash -e {0}` -> bash, `C:\x\cmd.exe` ->
// cmd.exe, `/usr/bin/python3 {0}` -> python3.
std::string ShellProgram(std::string_view shell) {
  shell = Trim(shell);
  std::string first(shell.substr(0, shell.find_first_of(" \t")));
  const size_t slash = first.find_last_of("/\\");
  if (slash != std::string::npos) first = first.substr(slash + 1);
  return ToLower(first);
}

}  // namespace

void Misfeature::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  if (step.uses.present() &&
      IsAction(step.uses.value, "actions/setup-python")) {
    if (const model::KeyValue* pip = step.With("pip-install")) {
      ctx.Report(
          ctx.New(info())
              .Confidence(Confidence::kHigh)
              .Message("`pip-install` installs packages into the runner's "
                       "global Python "
                       "environment, which differs between runners and Python "
                       "versions")
              .At(ctx.At(pip->key.node, site.route + ".with.pip-install"))
              .Remediation(
                  "Create a virtual environment (`python -m venv .venv`) or "
                  "use "
                  "a project tool (uv, poetry) and install from a lock file.")
              .Snippet("pip-install: " + pip->value.value)
              .Build());
    }
  }
  if (!step.run.present()) return;
  // The shell that runs this step: its own, else the job's or the
  // workflow's default (composite steps must name theirs).
  const yaml::Node* shell = step.shell.present() ? step.shell.node : nullptr;
  std::string route = site.route + ".shell";
  if (!shell && site.job) {
    shell = DefaultShell(site.job->defaults);
    route = "jobs." + site.job->id + ".defaults.run.shell";
  }
  if (!shell && site.workflow) {
    shell = DefaultShell(site.workflow->defaults);
    route = "defaults.run.shell";
  }
  if (!shell || !shell->IsScalar() ||
      shell->value.find("${{") != std::string::npos)
    return;
  const std::string program = ShellProgram(shell->value);
  if (program == "bash" || program == "pwsh" || program == "python" ||
      program == "sh" || program == "powershell")
    return;
  const bool cmd = program == "cmd" || program == "cmd.exe";
  // Other custom shells (`perl {0}`, `tcc -run {0}`) are usually deliberate
  // and work: a style point, so pedantic and auditor personas only. The
  // finding itself is certain, hence high confidence.
  if (!cmd && ctx.persona() < Persona::kPedantic) return;
  ctx.Report(ctx.New(info())
                 .Confidence(Confidence::kHigh)
                 .Message(cmd ? "`shell: " + shell->value +
                                    "` runs the step with Windows CMD, whose "
                                    "quoting and line "
                                    "continuations defeat review and analysis "
                                    "(it has not been the "
                                    "Windows default since 2019)"
                              : "`shell: " + shell->value +
                                    "` is not a shell GitHub Actions knows "
                                    "well, so the step cannot be "
                                    "analysed")
                 .At(ctx.At(shell, route))
                 .Remediation("Use `shell: pwsh` or `shell: bash`.")
                 .Snippet(shell->value)
                 .Build());
}

}  // namespace sg::audit
