// `stepguard exec [OPTIONS] -- CMD [ARGS...]`: run CMD in the sandbox and
// report. Flags fill sandbox::Settings on top of the embedded defaults; the
// policy's `sandbox:` section will be applied between the two (see
// docs/sandbox.md "Policy mapping"). The task's stdout stays the task's:
// the report goes to stderr or --output.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "base/file.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "egress/allowlist.h"
#include "egress/proxy.h"
#include "git/workspace_status.h"
#include "sandbox/audit_log.h"
#include "sandbox/sandbox.h"
#include "sandbox/settings.h"

namespace sg::cli {
namespace {

struct ExecOptions {
  std::vector<std::string> writable, hide, protect, pass_env, allow_net;
  std::string timeout, memory, audit_log, require, user, format, output;
  uint64_t pids = 0;
  bool explain = false;
  std::vector<std::string> command;
};

Result<sandbox::Settings> BuildSettings(const ExecOptions& o) {
  sandbox::Settings s = sandbox::DefaultSettings();
  if (!o.writable.empty()) s.writable = o.writable;  // replaces the default "."
  for (const auto& h : o.hide) s.hidden.push_back(h);
  for (const auto& p : o.protect) s.protected_globs.push_back(p);
  for (const auto& e : o.pass_env) s.env_pass.push_back(e);
  s.allow_net = !o.allow_net.empty();
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

int RunExec(const ExecOptions& o) {
  Result<sandbox::Settings> settings = BuildSettings(o);
  if (!settings.ok()) {
    std::cerr << "stepguard exec: " << settings.status().message() << "\n";
    return kExitUsage;
  }
  if (o.command.empty() && !o.explain) {
    std::cerr << "stepguard exec: no command (usage: stepguard exec [OPTIONS] "
                 "-- CMD [ARGS...])\n";
    return kExitUsage;
  }
  sandbox::Host host = sandbox::Host::Current();
  Result<sandbox::Config> cfg =
      sandbox::ResolveConfig(*settings, host, o.command);
  if (!cfg.ok()) {
    std::cerr << "stepguard exec: " << cfg.status().message() << "\n";
    return kExitRefused;
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
  for (const std::string& a : o.allow_net) {
    Result<egress::AllowRule> rule = egress::ParseAllowRule(a);
    if (!rule.ok()) {
      std::cerr << "stepguard exec: --allow-net " << a << ": "
                << rule.status().message() << "\n";
      return kExitUsage;
    }
  }
  // The proxy is created in the callback: it starts threads, and the
  // sandbox must be cloned from a single-threaded process. If it cannot
  // start, the listener is dropped and connections are refused (fail closed).
  std::unique_ptr<egress::Proxy> proxy;
  if (cfg->allow_net) {
    cfg->on_proxy_listener = [&](Fd listener, int port) {
      egress::Config ec;
      ec.allow = o.allow_net;
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
  std::optional<git::LibraryScope> git_scope;
  Result<std::vector<git::ChangedFile>> before =
      Status::NotFound("not a repository");
  if (!ws.empty()) {
    git_scope.emplace();
    before = git::WorkspaceStatus(ws);
  }
  sandbox::RunResult r = sandbox::RunSandboxed(*cfg, &log);
  if (proxy) proxy->Stop();
  ChangeReport ch;
  if (!r.refused && before.ok()) {
    Result<std::vector<git::ChangedFile>> after = git::WorkspaceStatus(ws);
    if (after.ok()) {
      ch.after = after.value();
      ch.during = git::StatusDelta(before.value(), ch.after);
      for (const auto& f : ch.during) {
        log.Write("file-changed", {sandbox::Str("path", f.path),
                                   sandbox::Str("change", f.change)});
      }
    } else {
      ch.error = after.status().message();
    }
  } else if (!before.ok() && before.status().code() != StatusCode::kNotFound) {
    ch.error = before.status().message();
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
  auto each = [](CLI::Option* opt) {
    return opt->expected(1)->multi_option_policy(
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
  cmd->callback([o, &st] { st.exit_code = RunExec(*o); });
}

}  // namespace sg::cli
