// `stepguard exec [OPTIONS] -- CMD [ARGS...]`: run CMD in the sandbox and
// report. Settings layer as embedded defaults -> the effective policy's
// `sandbox:` section -> flags (docs/sandbox.md "Policy mapping"). Secrets
// named by --inject-secret or `sandbox.secrets` never enter the task: the
// egress proxy adds them to requests (docs/sandbox.md "Credential
// injection"). The task's stdout stays the task's: the report goes to
// stderr or --output.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "base/diagnostic.h"
#include "base/file.h"
#include "base/strings.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/exit_codes.h"
#include "egress/address.h"
#include "egress/allowlist.h"
#include "egress/inject.h"
#include "egress/proxy.h"
#include "egress/task_env.h"
#include "git/workspace_status.h"
#include "sandbox/audit_log.h"
#include "sandbox/sandbox.h"
#include "sandbox/settings.h"

namespace sg::cli {
namespace {

struct ExecOptions {
  std::vector<std::string> writable, hide, protect, pass_env, allow_net,
      inject_secret;
  std::string timeout, memory, audit_log, require, user, format, output;
  uint64_t pids = 0;
  bool explain = false;
  std::vector<std::string> command;
};

// The policy's `sandbox:` section as sandbox::PolicyValues. Only fields
// that differ from the embedded default policy are set: the loader overlays
// a file on the embedded default, and that default's lists are shorter than
// DefaultSettings() (which also hides daemon sockets, ~/.kube, ... and
// passes the non-secret GITHUB_* context), so a policy that does not touch
// a key must not weaken it.
sandbox::PolicyValues ToPolicyValues(const policy::SandboxPolicy& p) {
  const policy::SandboxPolicy d = policy::DefaultPolicy().sandbox;
  sandbox::PolicyValues v;
  auto list = [](const std::vector<std::string>& mine,
                 const std::vector<std::string>& def,
                 std::optional<std::vector<std::string>>* out) {
    if (mine != def) *out = mine;
  };
  list(p.writable, d.writable, &v.writable);
  list(p.hidden, d.hidden, &v.hidden);
  list(p.protected_paths, d.protected_paths, &v.protected_globs);
  list(p.env_pass, d.env_pass, &v.env_pass);
  list(p.network_allow, d.network_allow, &v.network_allow);
  list(p.require, d.require, &v.require);
  if (p.timeout_seconds && p.timeout_seconds != d.timeout_seconds) {
    v.timeout = std::to_string(*p.timeout_seconds) + "s";
  }
  if (p.memory_bytes && p.memory_bytes != d.memory_bytes) {
    v.memory = std::to_string(*p.memory_bytes);
  }
  if (p.output_bytes && p.output_bytes != d.output_bytes) {
    v.output = std::to_string(*p.output_bytes);
  }
  if (p.pids && p.pids != d.pids && *p.pids >= 0) {
    v.pids = static_cast<uint64_t>(*p.pids);
  }
  return v;
}

Result<sandbox::Settings> BuildSettings(const ExecOptions& o,
                                        const sandbox::PolicyValues& policy) {
  sandbox::Settings s = sandbox::DefaultSettings();
  SG_RETURN_IF_ERROR(sandbox::ApplyPolicyValues(policy, &s));
  if (!o.writable.empty()) s.writable = o.writable;  // replaces the default "."
  for (const auto& h : o.hide) s.hidden.push_back(h);
  for (const auto& p : o.protect) s.protected_globs.push_back(p);
  for (const auto& e : o.pass_env) s.env_pass.push_back(e);
  if (!o.allow_net.empty()) s.allow_net = true;
  if (!o.timeout.empty()) {
    Result<int64_t> t = sandbox::ParseDurationMs(o.timeout);
    if (!t.ok()) return t.status().WithContext("--timeout");
    s.timeout_ms = *t;
  }
  if (!o.memory.empty()) {
    Result<uint64_t> m = sandbox::ParseSize(o.memory);
    if (!m.ok()) return m.status().WithContext("--memory");
    s.memory_bytes = *m;
  }
  if (o.pids > 0) s.pids = o.pids;
  s.user = o.user;
  if (!o.require.empty()) {
    Result<sandbox::LayerSet> r = sandbox::ParseLayerList(o.require);
    if (!r.ok()) return r.status().WithContext("--require");
    s.required = *r;
  }
  return s;
}

nlohmann::json LayersJson(const std::vector<sandbox::LayerReport>& layers,
                          sandbox::LayerSet required) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& l : layers) {
    arr.push_back({{"layer", std::string(sandbox::LayerName(l.layer))},
                   {"state", std::string(sandbox::LayerStateName(l.state))},
                   {"required", (required & sandbox::Bit(l.layer)) != 0},
                   {"detail", l.detail}});
  }
  return arr;
}

std::string PlainLayers(const std::vector<sandbox::LayerReport>& layers,
                        sandbox::LayerSet required) {
  std::ostringstream out;
  for (const auto& l : layers) {
    out << "  " << sandbox::LayerName(l.layer);
    out << std::string(
        14 - std::min<size_t>(13, sandbox::LayerName(l.layer).size()), ' ');
    out << sandbox::LayerStateName(l.state)
        << ((required & sandbox::Bit(l.layer)) ? " (required)" : "");
    if (!l.detail.empty()) out << "  " << l.detail;
    out << "\n";
  }
  return out.str();
}

// Egress proxy decisions go to the same audit log (one write(2) per line,
// so the proxy's threads may write concurrently with the supervisor).
class EgressAuditToLog : public egress::AuditSink {
 public:
  explicit EgressAuditToLog(sandbox::AuditLog* log) : log_(log) {}
  void Write(const egress::AuditEvent& e) override {
    log_->Write(
        "network",
        {sandbox::Str("kind", e.kind), sandbox::Str("host", e.host),
         sandbox::Num("port", e.port), sandbox::Str("address", e.address),
         sandbox::Bool("allowed", e.allowed), sandbox::Str("rule", e.rule),
         sandbox::Num("bytes_up", static_cast<int64_t>(e.bytes_up)),
         sandbox::Num("bytes_down", static_cast<int64_t>(e.bytes_down)),
         sandbox::Str("detail", e.detail)});
  }

 private:
  sandbox::AuditLog* log_;
};

// Secrets to inject: --inject-secret flags, then the policy's
// `sandbox.secrets` (a flag naming the same variable wins). Values come from
// stepguard's own environment. On failure returns the exit code (2 for a
// malformed flag or policy entry, 125 when a named variable is unset) and
// sets *error (never containing a value).
int CollectSecrets(const ExecOptions& o, const policy::SandboxPolicy& p,
                   std::vector<egress::InjectedSecret>* out,
                   std::string* error) {
  std::set<std::string> seen;
  for (const std::string& flag : o.inject_secret) {
    Result<egress::InjectedSecret> s = egress::ParseInjectSecretFlag(flag);
    if (!s.ok()) {
      *error = "--inject-secret: " + s.status().message();
      return kExitUsage;
    }
    if (seen.insert(s->name).second) out->push_back(std::move(s.value()));
  }
  for (const auto& [name, inj] : p.secrets) {
    if (seen.count(name)) continue;
    egress::InjectedSecret s;
    s.name = name;
    s.origin = inj.origin;
    Status st = egress::ApplyInjectAs(
        inj.as == "header" ? "header:" + inj.header : inj.as, &s);
    if (!st.ok()) {
      *error = "sandbox.secrets." + name + ": " + st.message();
      return kExitUsage;
    }
    seen.insert(name);
    out->push_back(std::move(s));
  }
  // Test-only (docs/sandbox.md): an extra CA bundle for the origins.
  const char* ca = getenv("STEPGUARD_TEST_CA_FILE");
  for (egress::InjectedSecret& s : *out) {
    if (Status st = egress::ValidateInjectedSecret(s); !st.ok()) {
      *error = "secret " + s.name + ": " + st.message();
      return kExitUsage;
    }
    const char* value = getenv(s.name.c_str());
    if (value == nullptr || *value == '\0') {
      *error = "secret " + s.name +
               " is to be injected but the variable is not set (or empty) "
               "in stepguard's environment";
      return kExitRefused;
    }
    s.value = value;
    if (ca != nullptr && *ca != '\0') s.ca_file = ca;
  }
  return kExitPass;
}

// Test-only (docs/sandbox.md): STEPGUARD_TEST_HOST_OVERRIDES="host=IP,..."
// maps origin names for the egress proxy. Only loopback addresses are
// accepted, so the variable can never send traffic anywhere else.
Status TestHostOverrides(egress::Config* ec) {
  const char* text = getenv("STEPGUARD_TEST_HOST_OVERRIDES");
  if (text == nullptr || *text == '\0') return Status::Ok();
  for (const std::string& item : Split(text, ',')) {
    size_t eq = item.find('=');
    std::string host(Trim(item.substr(0, eq)));
    std::string ip(eq == std::string::npos ? "" : Trim(item.substr(eq + 1)));
    std::optional<egress::IpAddress> a = egress::ParseIp(ip);
    std::optional<std::string_view> range;
    if (a) range = egress::SpecialRange(*a);
    if (host.empty() || !a || range != std::string_view("loopback")) {
      return Status::InvalidInput(
          "STEPGUARD_TEST_HOST_OVERRIDES: want host=LOOPBACK-IP, got '" + item +
          "'");
    }
    ec->host_overrides[host].push_back(a->ToString());
    ec->allow_addresses.push_back(a->ToString());
  }
  return Status::Ok();
}

std::string StatusWord(const sandbox::RunResult& r) {
  if (r.refused) return "refused";
  if (r.timed_out) return "timed-out";
  if (r.exec_errno) return "exec-failed";
  if (r.term_signal) return "signaled";
  return "exited";
}

struct ChangeReport {
  std::vector<git::ChangedFile> after;
  std::vector<git::ChangedFile> during;
  std::string error;
};

std::string RenderReport(const ExecOptions& o, const sandbox::Config& cfg,
                         const sandbox::RunResult& r, const ChangeReport& ch) {
  if (o.format == "json") {
    nlohmann::json j;
    j["version"] = 1;
    j["command"] = cfg.argv;
    j["status"] = StatusWord(r);
    j["exit_code"] = r.exit_code;
    if (r.refused) j["refusal"] = r.refusal;
    if (r.term_signal) j["signal"] = r.term_signal;
    if (r.exec_errno) j["exec_error"] = strerror(r.exec_errno);
    j["user"] = {{"uid", r.uid}, {"gid", r.gid}};
    j["layers"] = LayersJson(r.layers, cfg.required);
    auto files = [](const std::vector<git::ChangedFile>& v) {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& f : v) {
        nlohmann::json e = {{"path", f.path}, {"change", f.change}};
        if (!f.old_path.empty()) e["old_path"] = f.old_path;
        a.push_back(e);
      }
      return a;
    };
    j["changed_files"] = files(ch.after);
    j["changed_during_run"] = files(ch.during);
    if (!ch.error.empty()) j["changed_files_error"] = ch.error;
    j["protected_violations"] = nlohmann::json::array();
    for (const auto& v : r.protected_violations) {
      j["protected_violations"].push_back(
          {{"path", v.path}, {"action", v.action}});
    }
    j["denied_syscalls"] = nlohmann::json::array();
    for (const auto& d : r.denials) {
      j["denied_syscalls"].push_back({{"syscall", d.syscall}, {"pid", d.pid}});
    }
    j["landlock_denials"] = nlohmann::json::array();
    for (const auto& d : r.landlock_denials) {
      nlohmann::json e = {{"blockers", d.blockers}, {"object", d.object}};
      if (!d.path.empty()) e["path"] = d.path;
      if (d.pid > 0) e["pid"] = d.pid;
      j["landlock_denials"].push_back(e);
    }
    if (!r.landlock_audit.empty()) j["landlock_audit"] = r.landlock_audit;
    j["output"] = {{"workflow_commands_neutralised", r.commands_neutralised},
                   {"redactions", r.redactions},
                   {"truncated", r.output_truncated}};
    j["resources"] = {{"elapsed_ms", r.elapsed_ms},
                      {"user_cpu_ms", r.user_cpu_ms},
                      {"sys_cpu_ms", r.sys_cpu_ms},
                      {"processes_started", r.processes_started},
                      {"max_rss_kb", r.max_rss_kb},
                      {"cgroup_memory_peak", r.cgroup_memory_peak}};
    if (r.proxy_port) j["proxy_port"] = r.proxy_port;
    return j.dump(2) + "\n";
  }
  std::ostringstream out;
  out << "stepguard exec: " << StatusWord(r) << ", exit " << r.exit_code;
  if (r.refused) out << " (" << r.refusal << ")";
  out << ", " << r.elapsed_ms << " ms, uid " << r.uid << "\n";
  out << "layers:\n" << PlainLayers(r.layers, cfg.required);
  if (!ch.after.empty()) {
    out << "changed files:\n";
    for (const auto& f : ch.after)
      out << "  " << f.change << "  " << f.path << "\n";
  }
  for (const auto& v : r.protected_violations) {
    out << "protected path " << v.action << ": " << v.path << "\n";
  }
  for (const auto& d : r.denials)
    out << "denied: " << d.syscall << " (pid " << d.pid << ")\n";
  for (const auto& d : r.landlock_denials) {
    out << "denied (landlock): " << d.blockers << " "
        << (d.path.empty() ? d.object : d.path);
    if (d.pid > 0) out << " (pid " << d.pid << ")";
    out << "\n";
  }
  if (r.commands_neutralised || r.redactions) {
    out << "output: " << r.commands_neutralised
        << " workflow command(s) neutralised, " << r.redactions
        << " secret value(s) redacted\n";
  }
  if (r.output_truncated) out << "output: truncated at the limit\n";
  return out.str();
}

void Emit(const ExecOptions& o, const std::string& text) {
  if (o.output.empty()) {
    std::cerr << text << std::flush;
  } else if (Status s = WriteFile(o.output, text); !s.ok()) {
    std::cerr << "stepguard exec: " << s.message() << "\n";
  }
}

int RunExec(const ExecOptions& o, const GlobalOptions& g) {
  // Without a policy file the embedded default applies, and its sandbox
  // section is by definition what ToPolicyValues leaves unchanged (and it
  // allows no network and injects no secret): skip parsing the YAML and
  // the rule registry, a noticeable share of a short task's start-up.
  // A bad policy is an input error (exit 2, file:line:col on stderr), as in
  // the other commands; it is never partially applied.
  const policy::SandboxPolicy kEmbedded;
  std::optional<policy::Policy> pol;
  if (!FindPolicyFile(g, ".").empty()) {
    Diagnostics diags;
    Result<policy::Policy> loaded = LoadEffectivePolicy(g, ".", &diags);
    if (!loaded.ok()) {
      PrintDiagnostics(diags, g);
      std::cerr << "stepguard exec: policy: " << loaded.status().message()
                << "\n";
      return kExitUsage;
    }
    pol = std::move(loaded.value());
  }
  const policy::SandboxPolicy& sp = pol ? pol->sandbox : kEmbedded;
  Result<sandbox::Settings> settings =
      BuildSettings(o, pol ? ToPolicyValues(sp) : sandbox::PolicyValues{});
  if (!settings.ok()) {
    std::cerr << "stepguard exec: " << settings.status().message() << "\n";
    return kExitUsage;
  }
  if (o.command.empty() && !o.explain) {
    std::cerr << "stepguard exec: no command (usage: stepguard exec [OPTIONS] "
                 "-- CMD [ARGS...])\n";
    return kExitUsage;
  }
  std::vector<egress::InjectedSecret> secrets;
  std::string secret_error;
  if (int rc = CollectSecrets(o, sp, &secrets, &secret_error); rc != 0) {
    std::cerr << "stepguard exec: " << secret_error << "\n";
    return rc;
  }
  // Injection is served on the proxy's in-namespace listener.
  if (!secrets.empty()) settings->allow_net = true;
  std::vector<std::string> allow = sp.network_allow;
  allow.insert(allow.end(), o.allow_net.begin(), o.allow_net.end());
  sandbox::Host host = sandbox::Host::Current();
  Result<sandbox::Config> cfg =
      sandbox::ResolveConfig(*settings, host, o.command);
  if (!cfg.ok()) {
    std::cerr << "stepguard exec: " << cfg.status().message() << "\n";
    return kExitRefused;
  }
  // The real values stay out of the task whatever env.pass/--pass-env say;
  // it gets a placeholder key and a base URL on the proxy instead. The
  // values are also redacted from the task's output.
  for (const egress::InjectedSecret& s : secrets) {
    std::string base = std::string("http://127.0.0.1:") +
                       sandbox::kProxyPortPlaceholder +
                       std::string(egress::kInjectPathPrefix) + s.name;
    cfg->env[s.name] = egress::kDummySecret;
    cfg->env[egress::BaseUrlVariable(s.name)] = base;
    cfg->secret_values.push_back(s.value);
  }
  if (!secrets.empty()) {
    // Base URLs point at 127.0.0.1: clients must not send them through the
    // proxy as absolute-form requests.
    cfg->env["NO_PROXY"] = cfg->env["no_proxy"] = "localhost,127.0.0.1,::1";
  }
  if (o.explain) {
    std::vector<sandbox::LayerReport> plan = sandbox::ExplainPlan(*cfg);
    std::string missing = sandbox::MissingRequired(plan, cfg->required);
    if (o.format == "json") {
      nlohmann::json j = {
          {"version", 1},
          {"decision", missing.empty() ? "run" : "refuse"},
          {"layers", LayersJson(plan, cfg->required)},
          {"writable", cfg->writable},
          {"hidden", cfg->hidden},
          {"protected", cfg->protected_globs},
          {"env_passed", nlohmann::json::array()},
          {"user", {{"uid", *cfg->user.uid}, {"gid", *cfg->user.gid}}}};
      for (const auto& [k, v] : cfg->env)
        j["env_passed"].push_back(k);  // names only
      if (!missing.empty())
        j["refusal"] = "required layer unavailable: " + missing;
      Emit(o, j.dump(2) + "\n");
    } else {
      std::ostringstream out;
      out << "stepguard exec plan: "
          << (missing.empty() ? "would run" : "would REFUSE (exit 125)")
          << ", task uid " << *cfg->user.uid << "\n"
          << PlainLayers(plan, cfg->required);
      if (!missing.empty()) out << "missing required: " << missing << "\n";
      out << "writable:";
      for (const auto& w : cfg->writable) out << " " << w;
      out << "\nhidden:";
      for (const auto& h : cfg->hidden) out << " " << h;
      out << "\nprotected:";
      for (const auto& p : cfg->protected_globs) out << " " << p;
      out << "\nenvironment passed:";
      for (const auto& [k, v] : cfg->env) out << " " << k;
      out << "\n";
      Emit(o, out.str());
    }
    return missing.empty() ? kExitPass : kExitRefused;
  }

  sandbox::AuditLog log;
  if (!o.audit_log.empty()) {
    Result<sandbox::AuditLog> opened = sandbox::AuditLog::Open(o.audit_log);
    if (!opened.ok()) {
      std::cerr << "stepguard exec: " << opened.status().message() << "\n";
      return kExitRefused;
    }
    log = std::move(opened.value());
  }
  for (const std::string& a : allow) {
    Result<egress::AllowRule> rule = egress::ParseAllowRule(a);
    if (!rule.ok()) {
      std::cerr << "stepguard exec: allow rule " << a << ": "
                << rule.status().message() << "\n";
      return kExitUsage;
    }
  }
  egress::Config base_ec;
  base_ec.allow = allow;
  base_ec.secrets = secrets;
  if (Status st = TestHostOverrides(&base_ec); !st.ok()) {
    std::cerr << "stepguard exec: " << st.message() << "\n";
    return kExitUsage;
  }
  // The proxy is created in the callback: it starts threads, and the
  // sandbox must be cloned from a single-threaded process. If it cannot
  // start, the listener is dropped and connections are refused (fail closed).
  std::unique_ptr<egress::Proxy> proxy;
  if (cfg->allow_net) {
    cfg->on_proxy_listener = [&](Fd listener, int port) {
      egress::Config ec = std::move(base_ec);
      ec.audit = std::make_shared<EgressAuditToLog>(&log);
      Result<std::unique_ptr<egress::Proxy>> p =
          egress::Proxy::Create(std::move(ec));
      Status s = p.ok() ? (*p)->AddListener(std::move(listener)) : p.status();
      if (s.ok()) s = (*p)->Start();
      if (!s.ok()) {
        log.Write("proxy-error", {sandbox::Str("error", s.message())});
        std::cerr << "stepguard exec: egress proxy: " << s.message() << "\n";
        return;
      }
      proxy = std::move(p.value());
    };
  }

  // libgit2 only inside a repository (its start-up costs milliseconds).
  std::string ws =
      git::FindWorkTree(cfg->writable.empty() ? cfg->cwd : cfg->writable[0]);
  // One status pass, after the run; what the run changed is told apart from
  // what was already changed by ctime against a mark taken just before it
  // (a before/after pair of passes would double the cost, which grows with
  // the size of the work tree).
  std::optional<struct timespec> mark;
  if (!ws.empty()) mark = git::ChangeClockMark(ws);
  sandbox::RunResult r = sandbox::RunSandboxed(*cfg, &log);
  if (proxy) proxy->Stop();
  ChangeReport ch;
  if (!r.refused && mark) {
    Result<std::vector<git::ChangedFile>> after = git::WorkspaceStatus(ws);
    if (after.ok()) {
      ch.after = after.value();
      ch.during = git::ChangedSince(ws, ch.after, *mark);
      for (const auto& f : ch.during) {
        log.Write("file-changed", {sandbox::Str("path", f.path),
                                   sandbox::Str("change", f.change)});
      }
    } else if (after.status().code() != StatusCode::kNotFound) {
      ch.error = after.status().message();
    }
  }
  Emit(o, RenderReport(o, *cfg, r, ch));
  if (r.refused && geteuid() != 0) {
    std::cerr << "stepguard exec: hint: where unprivileged user namespaces are "
                 "restricted "
                 "(Ubuntu 24.04 AppArmor), run stepguard through sudo; it sets "
                 "up as root "
                 "and drops to SUDO_UID (docs/sandbox.md)\n";
  }
  return r.exit_code;
}

}  // namespace

void RegisterExecCommand(CLI::App& app, GlobalOptions& g, RunState& st) {
  auto o = std::make_shared<ExecOptions>();
  o->format = "plain";
  auto* cmd =
      app.add_subcommand("exec",
                         "Run CMD in the sandbox (fail closed) and report: "
                         "stepguard exec [OPTIONS] -- CMD [ARGS...]");
  // One value per occurrence: otherwise CLI11 lets a vector option swallow
  // the `--` that starts the command when it is the last flag, and the
  // command's own options ("-c") then fail to parse.
  auto each = [](CLI::Option* opt) {
    return opt->expected(1)->allow_extra_args(false)->multi_option_policy(
        CLI::MultiOptionPolicy::TakeAll);
  };
  each(cmd->add_option(
      "--writable", o->writable,
      "Writable path (repeatable; default: the current directory)"));
  each(cmd->add_option("--hide", o->hide,
                       "Path to mask (repeatable; added to the defaults)"));
  each(cmd->add_option(
      "--protect", o->protect,
      "Glob inside writable roots kept read-only (repeatable)"));
  each(cmd->add_option("--pass-env", o->pass_env,
                       "Environment variable (or glob) to pass (repeatable)"));
  each(cmd->add_option(
      "--inject-secret", o->inject_secret,
      "NAME=https://ORIGIN: the proxy adds $NAME (from stepguard's "
      "environment) to the task's requests to ORIGIN; the task gets a "
      "placeholder and NAME's base-URL variable (repeatable)"));
  cmd->add_option("--policy", g.policy_path,
                  "Policy file (default: .github/stepguard.yml, else the "
                  "embedded default)");
  each(cmd->add_option(
      "--allow-net", o->allow_net,
      "HOST[:PORT] reachable through the egress proxy (repeatable)"));
  cmd->add_option("--timeout", o->timeout,
                  "Kill the task after DURATION (e.g. 30m; exit 124)");
  cmd->add_option("--memory", o->memory,
                  "Memory limit (e.g. 4GiB; default half of RAM)");
  cmd->add_option("--pids", o->pids, "Process limit (default 4096)");
  cmd->add_option("--audit-log", o->audit_log,
                  "Append JSON-lines audit events to FILE");
  cmd->add_option("--require", o->require,
                  "Layers that must apply: all | LAYER,... (default: all but "
                  "userns, cgroup, landlock)");
  cmd->add_flag("--explain", o->explain,
                "Print the plan (every layer, applied or unavailable and why) "
                "without running");
  cmd->add_option("--user", o->user,
                  "As root: run the task as USER[:GROUP] (default: SUDO_UID, "
                  "else the workspace owner, else nobody)");
  cmd->add_option("--format", o->format, "Report format: plain|json")
      ->check(CLI::IsMember({"plain", "json"}));
  cmd->add_option("--output", o->output,
                  "Write the report to FILE instead of stderr");
  cmd->add_option("command", o->command,
                  "The command and its arguments (after --)");
  cmd->callback([o, &g, &st] { st.exit_code = RunExec(*o, g); });
}

}  // namespace sg::cli
