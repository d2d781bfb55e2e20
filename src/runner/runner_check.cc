#include "runner/runner_check.h"

#include <algorithm>

#include "base/strings.h"
#include "runner/probes.h"
#include "runner/proc_table.h"

namespace sg::runner {
namespace {

std::string ResolveWorkspace(const SystemView& sys, const RunnerOptions& o) {
  if (!o.workspace.empty()) return o.workspace;
  if (auto ws = sys.GetEnv("GITHUB_WORKSPACE"); ws && !ws->empty()) return *ws;
  auto cwd = sys.ReadLink("/proc/self/cwd");
  return cwd.ok() ? *cwd : "";
}

std::string ResolveHome(const SystemView& sys) {
  if (auto h = sys.GetEnv("HOME"); h && !h->empty()) return *h;
  auto passwd = sys.ReadFile("/etc/passwd");
  if (!passwd.ok()) return "";
  std::string uid = std::to_string(sys.GetIdentity().euid);
  for (const auto& line : Split(*passwd, '\n')) {
    auto f = Split(line, ':');
    if (f.size() >= 6 && f[2] == uid) return f[5];
  }
  return "";
}

Severity Max(Severity a, Severity b) {
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

Tri ConditionValue(const RunnerReport& r, const std::string& name) {
  auto it = r.conditions.find(name);
  return it == r.conditions.end() ? Tri::kUnknown : it->second;
}

Finding PolicyFinding(std::string_view rule, std::string message,
                      const std::string& name, Severity severity) {
  const RunnerRule* r = FindRunnerRule(rule);
  FindingBuilder b{std::string(rule), Area::kRunner};
  b.Subject("runner").Message(std::move(message)).Snippet(name);
  b.Severity(severity).Confidence(Confidence::kHigh);
  if (r != nullptr) b.Remediation(std::string(r->remediation));
  return b.Build();
}

}  // namespace

void ApplyRunnerPolicy(const RunnerPolicy& policy, ProbeContext context,
                       RunnerReport* report) {
  std::vector<Finding>& fs = report->findings.findings();
  fs.erase(std::remove_if(fs.begin(), fs.end(),
                          [&](const Finding& f) {
                            return policy.disable.count(f.rule) > 0;
                          }),
           fs.end());
  for (Finding& f : fs) {
    if (auto it = policy.severity.find(f.rule); it != policy.severity.end()) {
      f.severity = it->second;
    } else if (const RunnerRule* r = FindRunnerRule(f.rule)) {
      f.severity = DefaultSeverity(*r, context);
    }
  }

  std::vector<Finding> added;
  for (const std::string& name : policy.forbid) {
    const RunnerCondition* c = FindRunnerCondition(name);
    if (c == nullptr) continue;
    Tri v = ConditionValue(*report, name);
    if (v == Tri::kUnknown) {
      report->findings.AddNotAssessed({"runner.forbid: " + name,
                                       "could not be determined on this runner",
                                       "runner"});
      continue;
    }
    if (v == Tri::kNo) continue;
    bool raised = false;
    for (Finding& f : fs) {
      if (std::find(c->rules.begin(), c->rules.end(), f.rule) ==
          c->rules.end()) {
        continue;
      }
      f.severity = Max(f.severity, policy.violation_severity);
      f.message += " Forbidden by runner.forbid: " + name + ".";
      raised = true;
    }
    if (!raised) {
      added.push_back(PolicyFinding(
          "runner-forbidden",
          "runner.forbid lists '" + name +
              "', and it holds here: " + std::string(c->description) + ".",
          name, policy.violation_severity));
    }
  }
  for (const std::string& name : policy.require) {
    const RunnerCondition* c = FindRunnerCondition(name);
    if (c == nullptr) continue;
    Tri v = ConditionValue(*report, name);
    if (v == Tri::kUnknown) {
      report->findings.AddNotAssessed({"runner.require: " + name,
                                       "could not be determined on this runner",
                                       "runner"});
    } else if (v == Tri::kNo) {
      added.push_back(PolicyFinding("runner-requirement-unmet",
                                    "runner.require lists '" + name +
                                        "', but it does not hold here (" +
                                        std::string(c->description) + ").",
                                    name, policy.violation_severity));
    }
  }
  for (auto& f : added) report->findings.Add(std::move(f));
  report->findings.Sort();
}

RunnerFacts::Sandbox ReadSandboxSupport(const SystemView& sys) {
  RunnerOptions options;
  RunnerPolicy policy;
  ProbeInput in{sys, options, policy, "", "", {}, std::nullopt};
  RunnerReport report;
  ProbeSandboxSupport(in, &report);
  return report.facts.sandbox;
}

RunnerReport RunRunnerChecks(const SystemView& sys,
                             const RunnerOptions& options,
                             const RunnerPolicy& policy) {
  RunnerReport report;
  ProbeInput in{sys,
                options,
                policy,
                ResolveWorkspace(sys, options),
                ResolveHome(sys),
                ReadProcessTable(sys),
                std::nullopt};
  if (!in.workspace.empty()) {
    auto cfg = sys.GitConfig(in.workspace);
    if (cfg.ok()) {
      in.git_config = std::move(*cfg);
    } else if (cfg.status().code() != StatusCode::kNotFound) {
      for (const char* check :
           {"runner-persisted-credentials", "runner-git-hooks"}) {
        report.findings.AddNotAssessed(
            {check, "git configuration unreadable: " + cfg.status().message(),
             "runner"});
      }
    }
  }

  ProbeRunnerIdentity(in, &report);
  ProbePrivilege(in, &report);
  ProbeSandboxSupport(in, &report);
  ProbeCredentials(in, &report);
  ProbeTampering(in, &report);
  ProbeLeftoverProcesses(in, &report);
  report.SetConditionFromFindings("tampering");
  ProbeNetwork(in, &report);

  ApplyRunnerPolicy(policy, options.context, &report);
  return report;
}

}  // namespace sg::runner
