// `stepguard runner`: the runner's posture as runner-* findings judged by the
// policy's `runner:` section, plus a `facts` object (JSON) that `exec` and
// reports use. Reads the machine only; the network only with the opt-in
// --probe-network. Never prints a secret value (the probes record names
// only, and every output also passes the report module's redaction).
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/diagnostic.h"
#include "base/file.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/exit_codes.h"
#include "cli/version.h"
#include "policy/policy.h"
#include "report/render.h"
#include "runner/catalog.h"
#include "runner/real_system_view.h"
#include "runner/runner_check.h"
#include "runner/secret_patterns.h"

namespace sg::cli {
namespace {

using nlohmann::ordered_json;
using runner::RunnerFacts;
using runner::Tri;

struct RunnerCmdOptions {
  std::string context = "runner";
  std::string workspace;
  std::vector<std::string> probe_network;
};

ordered_json TriJson(Tri t) {
  if (t == Tri::kUnknown) return nullptr;
  return t == Tri::kYes;
}

template <typename T>
ordered_json OptJson(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json FactsJson(const RunnerFacts& f) {
  ordered_json j;
  j["runner"] = {{"environment", f.runner.environment},
                 {"ephemeral", TriJson(f.runner.ephemeral)},
                 {"ephemeral_evidence", f.runner.ephemeral_evidence},
                 {"os", f.runner.os},
                 {"arch", f.runner.arch}};
  j["kernel"] = {{"os", f.kernel.os_name},
                 {"release", f.kernel.release},
                 {"version", f.kernel.version}};
  const auto& id = f.identity;
  j["identity"] = {{"user", id.user},
                   {"uid", id.uid},
                   {"euid", id.euid},
                   {"gid", id.gid},
                   {"groups", id.groups},
                   {"root", id.root},
                   {"sudo_installed", id.sudo_installed},
                   {"passwordless_sudo", TriJson(id.passwordless_sudo)},
                   {"docker_group", id.docker_group},
                   {"container_sockets", id.container_sockets},
                   {"capabilities",
                    {{"effective", id.cap_effective},
                     {"permitted", id.cap_permitted},
                     {"bounding", id.cap_bounding},
                     {"ambient", id.cap_ambient}}}};
  const auto& s = f.sandbox;
  j["sandbox"] = {
      {"user_namespaces", TriJson(s.user_namespaces)},
      {"max_user_namespaces", OptJson(s.max_user_namespaces)},
      {"unprivileged_userns_clone", OptJson(s.unprivileged_userns_clone)},
      {"apparmor_restrict_unprivileged_userns",
       OptJson(s.apparmor_restrict_unprivileged_userns)},
      {"lsms", s.lsms},
      {"landlock_abi", s.landlock_abi},
      {"seccomp", s.seccomp},
      {"seccomp_user_notif", s.seccomp_user_notif},
      {"seccomp_actions", s.seccomp_actions},
      {"seccomp_mode", OptJson(s.seccomp_mode)},
      {"cgroup_v2", s.cgroup_v2},
      {"cgroup_v2_mount", s.cgroup_v2_mount},
      {"cgroup_path", s.cgroup_path},
      {"cgroup_controllers", s.cgroup_controllers},
      {"cgroup_delegable", s.cgroup_delegable},
      {"no_new_privs", s.no_new_privs}};
  ordered_json reach = ordered_json::array();
  for (const auto& r : f.network.reachability) {
    reach.push_back({{"endpoint", r.endpoint},
                     {"reachable", r.reachable},
                     {"error", r.error.empty() ? ordered_json(nullptr)
                                               : ordered_json(r.error)}});
  }
  j["network"] = {
      {"proxy_variables", f.network.proxy_variables},
      {"monitor", f.network.monitor.empty() ? ordered_json(nullptr)
                                            : ordered_json(f.network.monitor)},
      {"reachability", reach}};
  j["processes"] = {{"total", f.processes.total},
                    {"leftover", f.processes.leftover},
                    {"environ_unreadable", f.processes.unreadable},
                    {"job_anchor", f.processes.job_anchor}};
  return j;
}

ordered_json ConditionsJson(const runner::RunnerReport& r) {
  ordered_json j;
  for (const auto& c : runner::RunnerConditions()) {
    auto it = r.conditions.find(c.name);
    j[std::string(c.name)] =
        TriJson(it == r.conditions.end() ? Tri::kUnknown : it->second);
  }
  return j;
}

std::string YesNo(Tri t) {
  return t == Tri::kYes ? "yes" : t == Tri::kNo ? "no" : "unknown";
}

std::string ListOr(const std::vector<std::string>& v, const char* none) {
  return v.empty() ? none : Join(v, ", ");
}

// The facts as a short plain-text block for people.
std::string FactsPlain(const RunnerFacts& f) {
  const auto& id = f.identity;
  const auto& s = f.sandbox;
  std::string out = "runner facts:\n";
  out += "  runner:     " + f.runner.environment +
         ", ephemeral: " + YesNo(f.runner.ephemeral) + "\n";
  out +=
      "  system:     " + (f.kernel.os_name.empty() ? "?" : f.kernel.os_name) +
      ", Linux " + f.kernel.release + "\n";
  out += "  identity:   " + id.user + " (uid " + std::to_string(id.euid) + ")" +
         (id.root ? ", root" : "") + ", groups: " + ListOr(id.groups, "none") +
         ", passwordless sudo: " +
         (id.root ? std::string("n/a (root)") : YesNo(id.passwordless_sudo)) +
         ", container sockets: " + ListOr(id.container_sockets, "none") + "\n";
  bool all_caps = !id.cap_effective.empty() &&
                  id.cap_effective.size() == id.cap_bounding.size();
  out += "  caps:       effective: " +
         (all_caps ? "all " + std::to_string(id.cap_effective.size()) +
                         " in the bounding set"
                   : ListOr(id.cap_effective, "none")) +
         "\n";
  out += "  sandbox:    user namespaces: " + YesNo(s.user_namespaces) +
         (s.apparmor_restrict_unprivileged_userns.value_or(false)
              ? " (AppArmor restricted)"
              : "") +
         ", landlock ABI: " + std::to_string(s.landlock_abi) +
         ", seccomp: " + (s.seccomp ? "yes" : "no") +
         " (user notif: " + (s.seccomp_user_notif ? "yes" : "no") + ")" +
         ", no_new_privs: " + (s.no_new_privs ? "set" : "not set") + "\n";
  out += "  cgroup:     " +
         (s.cgroup_v2
              ? "v2 at " + s.cgroup_v2_mount + ", cgroup " + s.cgroup_path +
                    ", controllers: " + ListOr(s.cgroup_controllers, "none") +
                    ", delegable: " + (s.cgroup_delegable ? "yes" : "no")
              : std::string("no v2 hierarchy")) +
         "\n";
  out +=
      "  network:    proxy: " + ListOr(f.network.proxy_variables, "none") +
      ", monitor: " + (f.network.monitor.empty() ? "none" : f.network.monitor) +
      "\n";
  for (const auto& r : f.network.reachability) {
    out += "  probe:      " + r.endpoint + ": " +
           (r.reachable ? "reachable" : "unreachable (" + r.error + ")") + "\n";
  }
  out += "  processes:  " + std::to_string(f.processes.total) + " total, " +
         std::to_string(f.processes.leftover) + " left behind" +
         (f.processes.job_anchor.empty() ? ""
                                         : ", job: " + f.processes.job_anchor) +
         "\n\n";
  return out;
}

// "host:port" or "[v6]:port".
Result<std::pair<std::string, uint16_t>> ParseEndpoint(const std::string& s) {
  size_t colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) {
    return Status::InvalidInput("--probe-network: expected HOST:PORT, got '" +
                                s + "'");
  }
  std::string host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  char* end = nullptr;
  long port = std::strtol(s.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 1 || port > 65535) {
    return Status::InvalidInput("--probe-network: bad port in '" + s + "'");
  }
  return std::make_pair(host, static_cast<uint16_t>(port));
}

runner::RunnerPolicy ToRunnerPolicy(const policy::RunnerPolicy& p) {
  runner::RunnerPolicy out = runner::DefaultRunnerPolicy();
  out.require = p.require;
  out.forbid = p.forbid;
  out.severity = p.severities;
  if (p.violation_severity) out.violation_severity = *p.violation_severity;
  out.disable.insert(p.disable.begin(), p.disable.end());
  out.secret_env_patterns = p.secret_env_patterns;
  out.ignore_env = p.ignore_env;
  out.allowed_processes = p.allowed_processes;
  return out;
}

int64_t NowMs() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

int RunRunner(const GlobalOptions& g, const RunnerCmdOptions& o) {
  int64_t start = NowMs();
  auto format = report::ParseFormat(g.format);
  if (!format) {
    std::cerr << "stepguard runner: unknown --format '" << g.format
              << "' (expected " << report::kFormatNames << ")\n";
    return kExitUsage;
  }
  runner::RunnerOptions options;
  options.context = o.context == "exec" ? runner::ProbeContext::kExec
                                        : runner::ProbeContext::kRunner;
  options.workspace = o.workspace;
  for (const auto& e : o.probe_network) {
    auto ep = ParseEndpoint(e);
    if (!ep.ok()) {
      std::cerr << "stepguard runner: " << ep.status().message() << "\n";
      return kExitUsage;
    }
    options.probe_network.push_back(*ep);
  }

  Diagnostics policy_diags;
  auto pol = LoadEffectivePolicy(g, ".", &policy_diags);
  PrintDiagnostics(policy_diags, g);
  if (!pol.ok()) {
    std::cerr << "stepguard runner: " << pol.status().message() << "\n";
    return ExitCodeFor(pol.status());
  }
  runner::RunnerPolicy rp = ToRunnerPolicy(pol->runner);
  if (Status s = runner::ValidateRunnerPolicy(rp); !s.ok()) {
    std::cerr << "stepguard runner: " << pol->source << ": " << s.message()
              << "\n";
    return kExitUsage;
  }
  std::optional<Severity> fail_on = pol->fail_on;
  if (!g.fail_on.empty()) {
    fail_on = g.fail_on == "none" ? std::nullopt : ParseSeverity(g.fail_on);
    if (g.fail_on != "none" && !fail_on) {
      std::cerr << "stepguard runner: bad --fail-on '" << g.fail_on << "'\n";
      return kExitUsage;
    }
  }

  runner::RealSystemView sys;
  runner::RunnerReport rep = runner::RunRunnerChecks(sys, options, rp);

  report::RunInfo run;
  run.tool_version = kVersion;
  run.command = "runner";
  run.fail_on = fail_on;
  run.color = !g.no_color && g.output == "-" && ::isatty(1);
  for (const auto& r : runner::RunnerRules()) {
    run.rules.push_back({std::string(r.id), std::string(r.summary),
                         runner::DefaultSeverity(r, options.context)});
  }
  ordered_json facts = FactsJson(rep.facts);
  facts["conditions"] = ConditionsJson(rep);
  facts["context"] = o.context;
  run.json_extra["facts"] = facts.dump();
  // Defence in depth: the probes never copy values, and the renderer also
  // masks the values of secret-looking variables should one slip through.
  for (const auto& [name, value] : sys.Environment()) {
    if (value.size() >= 8 &&
        (runner::IsSecretLikeName(name, rp.secret_env_patterns) ||
         !runner::SecretValueKind(value).empty())) {
      run.secrets.push_back(value);
    }
  }
  run.elapsed_ms = NowMs() - start;

  std::string text = report::Render(*format, rep.findings, run);
  if (*format == report::Format::kPlain && !g.quiet) {
    text = report::Redact(FactsPlain(rep.facts), run.secrets) + text;
  }
  if (Status s = WriteFile(g.output, text); !s.ok()) {
    std::cerr << "stepguard runner: " << s.message() << "\n";
    return kExitInternal;
  }
  return rep.findings.Violates(fail_on) ? kExitViolation : kExitPass;
}

}  // namespace

void RegisterRunnerCommand(CLI::App& app, GlobalOptions& g, RunState& st) {
  auto o = std::make_shared<RunnerCmdOptions>();
  auto* cmd = app.add_subcommand(
      "runner",
      "Check the live runner's posture (privilege, credentials in "
      "reach, tampering, sandbox support)");
  cmd->add_option("--format", g.format,
                  "Output format: plain|json|sarif|github|markdown")
      ->default_str("plain");
  cmd->add_option("--output", g.output,
                  "Write the report here (default stdout)");
  cmd->add_option("--policy", g.policy_path,
                  "Policy file (default .github/stepguard.yml, else embedded)");
  cmd->add_option("--fail-on", g.fail_on,
                  "none|low|medium|high (default: policy)");
  cmd->add_flag("--quiet", g.quiet, "Plain text: omit the facts block");
  cmd->add_flag("--no-color", g.no_color, "No ANSI colours");
  cmd->add_option("--context", o->context,
                  "Judge for `runner` (default) or for an `exec` agent task")
      ->check(CLI::IsMember({"runner", "exec"}));
  cmd->add_option("--workspace", o->workspace,
                  "Workspace to inspect (default $GITHUB_WORKSPACE, else .)");
  cmd->add_option(
      "--probe-network", o->probe_network,
      "HOST:PORT to test for TCP reachability (opt-in; repeatable)");
  cmd->callback([&g, &st, o] { st.exit_code = RunRunner(g, *o); });
}

}  // namespace sg::cli
